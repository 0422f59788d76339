/**
 * Static checks on a lesson body that MDX compilation alone would not catch (or would only catch at render time):
 * only the allowed components, every internal link resolves, LabCard ids are known labs, code fences use a
 * language we highlight, and the Quiz is placed exactly once.
 */
import { ContentError } from "./errors";
import { isKnownLabId } from "./labs";
import type { Catalog, Lesson, ReferencePage } from "./catalog";

/** The one components map lessons may use (see components/mdx/index.tsx). */
export const ALLOWED_COMPONENTS = [
  "Callout",
  "Steps",
  "Step",
  "ConfigCompare",
  "Quiz",
  "LabCard",
  "LabCommands",
  "ClusterDiagram",
  "LoadBalancerDiagram",
  "WkaJoinDiagram",
  "MulticastDiagram",
  "IndependentNodesDiagram",
  "SharedDatabaseDiagram",
  "StickySessionsDiagram",
  "FullReplicationDiagram",
  "IsDeploymentDiagram",
  "ApimDeploymentDiagram",
  "EiDeploymentDiagram",
] as const;

/** Fence languages: toml (highlight.js `ini`), xml, nginx, shell; plus a few harmless extras. */
export const ALLOWED_FENCE_LANGUAGES = [
  "toml",
  "ini",
  "xml",
  "nginx",
  "shell",
  "sh",
  "bash",
  "properties",
  "json",
  "yaml",
  "sql",
  "text",
] as const;

/** The prose outside code: fenced blocks and inline code spans are removed (they may show `<Offset>` as text). */
function stripCode(body: string): string {
  return body.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1\s*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** Resolve an internal link path against the catalog; returns a reason when it does not resolve. */
export function checkInternalLink(href: string, catalog: Catalog): string | undefined {
  const [pathPart = ""] = href.split(/[?#]/);
  if (pathPart === "" || pathPart === "/") return undefined;
  const parts = pathPart.replace(/\/$/, "").split("/").slice(1);
  if (parts[0] === "modules") {
    const mod = catalog.modules.find((m) => m.id === parts[1]);
    if (!mod) return `no module "${parts[1] ?? ""}"`;
    if (parts.length === 2) return undefined;
    if (parts.length === 3 && mod.lessons.some((l) => l.slug === parts[2])) return undefined;
    if (parts.length === 4 && parts[2] === "reference" && mod.pages.some((p) => p.slug === parts[3])) return undefined;
    return `no lesson "${parts.slice(2).join("/")}" in module ${mod.id}`;
  }
  if (parts[0] === "labs") {
    if (parts.length === 1) return undefined;
    if (parts.length === 2 && isKnownLabId(parts[1] ?? "")) return undefined;
    return `unknown lab "${parts.slice(1).join("/")}"`;
  }
  return `"${pathPart}" is not a route of this site`;
}

export function validateLessonBody(lesson: Lesson, catalog: Catalog): void {
  validateBody(lesson.file, lesson.body, catalog, { quiz: true });
}

/** A reference page follows the lesson rules, except that it has no knowledge check. */
export function validateReferencePageBody(page: ReferencePage, catalog: Catalog): void {
  validateBody(page.file, page.body, catalog, { quiz: false });
}

function validateBody(file: string, body: string, catalog: Catalog, options: { quiz: boolean }): void {
  const fail = (reason: string): never => {
    throw new ContentError(file, reason);
  };

  for (const match of body.matchAll(/^(?:```|~~~)([^\s`]*)/gm)) {
    const lang = match[1] ?? "";
    // Closing fences have no language; opening fences must name one we can highlight offline.
    if (lang !== "" && !(ALLOWED_FENCE_LANGUAGES as readonly string[]).includes(lang)) {
      fail(`code fence language "${lang}" is not highlighted; use one of ${ALLOWED_FENCE_LANGUAGES.join(", ")}`);
    }
  }

  const prose = stripCode(body);
  for (const match of prose.matchAll(/<([A-Z][A-Za-z0-9]*)/g)) {
    const name = match[1] ?? "";
    if (!(ALLOWED_COMPONENTS as readonly string[]).includes(name)) {
      fail(`component <${name}> is not in the lesson components map; allowed: ${ALLOWED_COMPONENTS.join(", ")}`);
    }
  }
  if (/^\s*(import|export)\s/m.test(prose)) fail("lessons may not import or export: use the components map");

  const quizCount = [...prose.matchAll(/<Quiz\b/g)].length;
  if (options.quiz && quizCount !== 1)
    fail(`place the knowledge check exactly once with <Quiz /> (found ${quizCount})`);
  if (!options.quiz && quizCount !== 0) fail("a reference page has no knowledge check: remove <Quiz />");

  for (const match of prose.matchAll(/<LabCard\b[^>]*\bid="([^"]*)"/g)) {
    const id = match[1] ?? "";
    if (!isKnownLabId(id)) fail(`<LabCard id="${id}"> names an unknown lab`);
  }

  const links = [
    ...[...prose.matchAll(/\]\((\/[^)\s]*)\)/g)].map((m) => m[1] ?? ""),
    ...[...prose.matchAll(/href="(\/[^"]*)"/g)].map((m) => m[1] ?? ""),
  ];
  for (const href of links) {
    const problem = checkInternalLink(href, catalog);
    if (problem) fail(`broken internal link ${href}: ${problem}`);
  }
}
