/**
 * Runs mdx-bundler output with the app's own React (instead of mdx-bundler/client's import of react), so the lesson
 * elements and the app always share one React. The evaluated component is memoised per content hash, in an LRU
 * bounded like the server's compile cache (every lesson edit is a new hash).
 */
import * as React from "react";
import * as jsxRuntime from "react/jsx-runtime";
import type { ComponentType, ReactNode } from "react";
import { LruCache, MDX_CACHE_CAPACITY } from "@/lib/content/lru-cache";

type MdxProps = { components: Record<string, ComponentType<never>> };
const evaluated = new LruCache<string, ComponentType<MdxProps>>(MDX_CACHE_CAPACITY);

function isComponent(value: unknown): value is ComponentType<MdxProps> {
  return typeof value === "function";
}

export function mdxComponentFor(hash: string, code: string): ComponentType<MdxProps> {
  const cached = evaluated.get(hash);
  if (cached) return cached;
  // mdx-bundler's contract: the code is a function body that returns the module's exports, given React,
  // ReactDOM and _jsx_runtime in scope. The code was compiled by us from files in content/, never from user input.
  const run = new Function("React", "ReactDOM", "_jsx_runtime", code) as (...scope: unknown[]) => { default?: unknown };
  const component = run(React, {}, jsxRuntime).default;
  if (!isComponent(component)) throw new Error("compiled lesson has no default export");
  evaluated.set(hash, component);
  return component;
}

export function MdxContent({
  hash,
  code,
  components,
}: {
  hash: string;
  code: string;
  components: Record<string, unknown>;
}): ReactNode {
  const Component = mdxComponentFor(hash, code);
  return <Component components={components as MdxProps["components"]} />;
}
