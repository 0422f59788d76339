/**
 * MDX -> JS with mdx-bundler, on the server only. Compiled code is cached in memory by the sha256 of the source,
 * so a lesson is compiled once per change and per process, never per request. Concurrent requests for the same
 * lesson share one in-flight compile. The cache is an LRU (MDX_CACHE_CAPACITY): each edit adds a hash, so an
 * unbounded map would grow for as long as an authoring server runs.
 */
import path from "node:path";
import { bundleMDX } from "mdx-bundler";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import bash from "highlight.js/lib/languages/bash";
import ini from "highlight.js/lib/languages/ini";
import json from "highlight.js/lib/languages/json";
import nginx from "highlight.js/lib/languages/nginx";
import plaintext from "highlight.js/lib/languages/plaintext";
import properties from "highlight.js/lib/languages/properties";
import shell from "highlight.js/lib/languages/shell";
import sql from "highlight.js/lib/languages/sql";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import type { Lesson } from "./catalog";
import { ContentError } from "./errors";
import { LruCache, MDX_CACHE_CAPACITY } from "./lru-cache";
import { rehypeHeadingIds } from "./heading-ids";

export type CompiledLesson = { hash: string; code: string };

/** highlight.js has no TOML grammar: its `ini` grammar covers TOML, so `toml` fences are an alias of it. */
const highlightOptions = {
  languages: { bash, ini, json, nginx, plaintext, properties, shell, sql, xml, yaml },
  aliases: { ini: ["toml"], plaintext: ["text"], bash: ["sh"] },
  detect: false,
} as const;

const compiled = new LruCache<string, Promise<CompiledLesson>>(MDX_CACHE_CAPACITY);
let compileCount = 0;

/** How many real compiles this process ran (cache misses); lets tests prove the cache works. */
export function compileCountForTests(): number {
  return compileCount;
}

function firstMessage(error: unknown): string {
  if (
    error &&
    typeof error === "object" &&
    "errors" in error &&
    Array.isArray(error.errors) &&
    error.errors.length > 0
  ) {
    const first: unknown = error.errors[0];
    if (first && typeof first === "object" && "text" in first) {
      const loc =
        "location" in first && first.location && typeof first.location === "object" && "line" in first.location
          ? ` (line ${String(first.location.line)})`
          : "";
      return `${String(first.text)}${loc}`;
    }
  }
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
}

export async function compileMdxSource(source: string, file: string, cwd: string): Promise<string> {
  try {
    const result = await bundleMDX({
      source,
      cwd,
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          [rehypeHighlight, highlightOptions],
          rehypeHeadingIds,
        ];
        return options;
      },
    });
    return result.code;
  } catch (error) {
    throw new ContentError(file, `MDX does not compile: ${firstMessage(error)}`);
  }
}

export function compileLesson(
  lesson: Pick<Lesson, "hash" | "source" | "file" | "absoluteFile">,
): Promise<CompiledLesson> {
  const cached = compiled.get(lesson.hash);
  if (cached) return cached;
  compileCount += 1;
  const pending = compileMdxSource(lesson.source, lesson.file, path.dirname(path.resolve(lesson.absoluteFile))).then(
    (code) => ({ hash: lesson.hash, code }),
  );
  // A failed compile is not cached: fixing the file changes its hash anyway, and a transient failure should retry.
  // Only if the entry is still this compile: an evicted-and-recompiled hash must keep its newer entry.
  pending.catch(() => {
    if (compiled.get(lesson.hash) === pending) compiled.delete(lesson.hash);
  });
  compiled.set(lesson.hash, pending);
  return pending;
}
