/**
 * Lesson discovery: content/<module>/module.json + content/<module>/<NN-slug>.mdx.
 * Frontmatter is parsed and validated here (cheap, no MDX compile); parsed lessons are cached by content hash so
 * pages that list lessons on every request only re-parse a file when its bytes change.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { ContentError } from "./errors";
import {
  describeIssues,
  lessonFrontmatterSchema,
  moduleMetaSchema,
  referencePageFrontmatterSchema,
  type LessonFrontmatter,
  type ModuleMeta,
  type ReferencePageFrontmatter,
} from "./frontmatter";
import { validateLessonBody, validateReferencePageBody } from "./validate-body";

export const MODULE_DIR_PATTERN = /^\d\d-[a-z0-9-]+$/;
export const LESSON_FILE_PATTERN = /^(\d\d-[a-z0-9-]+)\.mdx$/;
/** A module's reference pages live in this sub-folder (see docs/decisions/0026-reference-pages.md). */
export const REFERENCE_DIR = "reference";
export const REFERENCE_FILE_PATTERN = /^([a-z][a-z0-9-]*)\.mdx$/;

export type Lesson = {
  moduleId: string;
  /** `NN-slug`, the file name without .mdx. */
  slug: string;
  /** `<module>/<NN-slug>`: the key stored in LessonProgress and QuizAttempt. */
  id: string;
  href: string;
  /** Path relative to the repo root, for error messages. */
  file: string;
  absoluteFile: string;
  frontmatter: LessonFrontmatter;
  /** MDX body without frontmatter. */
  body: string;
  /** Full source, as compiled by mdx-bundler. */
  source: string;
  /** sha256 of the source: the compile-cache key. */
  hash: string;
};

/** A reference page: compiled like a lesson, served at /modules/<module>/reference/<slug>, with no quiz or progress. */
export type ReferencePage = Omit<Lesson, "frontmatter"> & { frontmatter: ReferencePageFrontmatter };

export type CourseModule = ModuleMeta & { id: string; href: string; lessons: Lesson[]; pages: ReferencePage[] };
export type Catalog = { modules: CourseModule[] };

export function defaultContentRoot(): string {
  return path.join(process.cwd(), "content");
}

const parsedByHash = new Map<string, { frontmatter: LessonFrontmatter; body: string }>();

function relativeName(root: string, file: string): string {
  return path.relative(path.dirname(root), file) || file;
}

export function hashSource(source: string): string {
  return createHash("sha256").update(source).digest("hex");
}

/** Parse and validate one lesson's frontmatter. Throws ContentError naming the file. */
export function parseLessonSource(source: string, file: string): { frontmatter: LessonFrontmatter; body: string } {
  let data: unknown;
  let body: string;
  try {
    const parsed = matter(source);
    data = parsed.data;
    body = parsed.content;
  } catch (error) {
    throw new ContentError(
      file,
      `frontmatter is not valid YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
    );
  }
  const result = lessonFrontmatterSchema.safeParse(data);
  if (!result.success) throw new ContentError(file, `invalid frontmatter: ${describeIssues(result.error)}`);
  return { frontmatter: result.data, body };
}

function loadLesson(root: string, moduleId: string, fileName: string, slug: string): Lesson {
  const absoluteFile = path.join(root, moduleId, fileName);
  const file = relativeName(root, absoluteFile);
  const source = readFileSync(absoluteFile, "utf8");
  const hash = hashSource(source);
  let parsed = parsedByHash.get(hash);
  if (!parsed) {
    parsed = parseLessonSource(source, file);
    parsedByHash.set(hash, parsed);
  }
  return {
    moduleId,
    slug,
    id: `${moduleId}/${slug}`,
    href: `/modules/${moduleId}/${slug}`,
    file,
    absoluteFile,
    frontmatter: parsed.frontmatter,
    body: parsed.body,
    source,
    hash,
  };
}

function loadModule(root: string, moduleId: string): CourseModule {
  const dir = path.join(root, moduleId);
  const metaFile = path.join(dir, "module.json");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(metaFile, "utf8"));
  } catch (error) {
    throw new ContentError(
      relativeName(root, metaFile),
      `cannot read module metadata (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const meta = moduleMetaSchema.safeParse(raw);
  if (!meta.success)
    throw new ContentError(relativeName(root, metaFile), `invalid module metadata: ${describeIssues(meta.error)}`);
  const lessons: Lesson[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === "module.json" || name === REFERENCE_DIR) continue;
    const match = LESSON_FILE_PATTERN.exec(name);
    if (!match?.[1]) {
      throw new ContentError(
        relativeName(root, path.join(dir, name)),
        "unexpected file: lessons are named NN-lower-case-slug.mdx",
      );
    }
    lessons.push(loadLesson(root, moduleId, name, match[1]));
  }
  if (lessons.length === 0) throw new ContentError(relativeName(root, dir), "module has no lessons");
  return {
    ...meta.data,
    id: moduleId,
    href: `/modules/${moduleId}`,
    lessons,
    pages: loadReferencePages(root, moduleId),
  };
}

function loadReferencePages(root: string, moduleId: string): ReferencePage[] {
  const dir = path.join(root, moduleId, REFERENCE_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return []; // a module without reference pages
  }
  return names.map((name) => {
    const absoluteFile = path.join(dir, name);
    const file = relativeName(root, absoluteFile);
    const match = REFERENCE_FILE_PATTERN.exec(name);
    if (!match?.[1]) throw new ContentError(file, "unexpected file: reference pages are named lower-case-slug.mdx");
    const source = readFileSync(absoluteFile, "utf8");
    let parsed: matter.GrayMatterFile<string>;
    try {
      parsed = matter(source);
    } catch (error) {
      throw new ContentError(
        file,
        `frontmatter is not valid YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
      );
    }
    const fm = referencePageFrontmatterSchema.safeParse(parsed.data);
    if (!fm.success) throw new ContentError(file, `invalid frontmatter: ${describeIssues(fm.error)}`);
    const slug = match[1];
    return {
      moduleId,
      slug,
      id: `${moduleId}/${REFERENCE_DIR}/${slug}`,
      href: `/modules/${moduleId}/${REFERENCE_DIR}/${slug}`,
      file,
      absoluteFile,
      frontmatter: fm.data,
      body: parsed.content,
      source,
      hash: hashSource(source),
    };
  });
}

/**
 * Read every module and lesson under `root`, validate frontmatter and body (components, links, lab ids, code fences).
 * Throws ContentError for the first broken file; `next build` calls this from generateStaticParams so a broken
 * lesson fails the build with the file name and reason.
 */
export function loadCatalog(root: string = defaultContentRoot()): Catalog {
  const modules = readdirSync(root)
    .filter((name) => MODULE_DIR_PATTERN.test(name) && statSync(path.join(root, name)).isDirectory())
    .sort()
    .map((id) => loadModule(root, id));
  const catalog: Catalog = { modules };
  for (const lesson of allLessons(catalog)) validateLessonBody(lesson, catalog);
  for (const page of catalog.modules.flatMap((m) => m.pages)) validateReferencePageBody(page, catalog);
  return catalog;
}

export function allLessons(catalog: Catalog): Lesson[] {
  return catalog.modules.flatMap((m) => m.lessons);
}

export function findModule(catalog: Catalog, moduleId: string): CourseModule | undefined {
  return catalog.modules.find((m) => m.id === moduleId);
}

export function findLesson(catalog: Catalog, moduleId: string, slug: string): Lesson | undefined {
  return findModule(catalog, moduleId)?.lessons.find((l) => l.slug === slug);
}

/** Previous and next lesson within the lesson's module (the course reads module by module). */
export function findReferencePage(catalog: Catalog, moduleId: string, slug: string): ReferencePage | undefined {
  return findModule(catalog, moduleId)?.pages.find((p) => p.slug === slug);
}

export function neighbours(catalog: Catalog, lesson: Lesson): { previous?: Lesson; next?: Lesson } {
  const lessons = findModule(catalog, lesson.moduleId)?.lessons ?? [];
  const index = lessons.findIndex((l) => l.id === lesson.id);
  return { previous: index > 0 ? lessons[index - 1] : undefined, next: index >= 0 ? lessons[index + 1] : undefined };
}
