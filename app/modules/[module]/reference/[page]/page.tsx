/**
 * A module's reference page (content/<module>/reference/<slug>.mdx): read-alongside material such as the module
 * summary and the training-node page. Prerendered like lessons, so a broken page fails `next build` naming its file;
 * it has no quiz and no completion, so it never changes a learner's progress figures (ADR 0026).
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { lessonComponents } from "@/components/mdx";
import { MdxContent } from "@/components/mdx/MdxContent";
import { InlineCode } from "@/components/ui/InlineCode";
import { compileLesson, findModule, findReferencePage, loadCatalog } from "@/lib/content";

type Params = { module: string; page: string };

export const dynamicParams = false;

export async function generateStaticParams(): Promise<Params[]> {
  const pages = loadCatalog().modules.flatMap((m) => m.pages);
  await Promise.all(pages.map((p) => compileLesson(p)));
  return pages.map((p) => ({ module: p.moduleId, page: p.slug }));
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { module, page } = await params;
  const found = findReferencePage(loadCatalog(), module, page);
  return found ? { title: found.frontmatter.title, description: found.frontmatter.summary } : {};
}

export default async function ReferencePageRoute({ params }: { params: Promise<Params> }) {
  const { module, page: slug } = await params;
  const catalog = loadCatalog();
  const mod = findModule(catalog, module);
  const page = findReferencePage(catalog, module, slug);
  if (!mod || !page) notFound();
  const compiled = await compileLesson(page);
  return (
    <article className="lesson reference-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="/">Course</a> › <a href={mod.href}>{mod.title}</a> › Reference
      </nav>
      <h1>{page.frontmatter.title}</h1>
      <p className="lede">
        <InlineCode text={page.frontmatter.summary} />
      </p>
      <div className="lesson-body">
        <MdxContent hash={compiled.hash} code={compiled.code} components={lessonComponents(null)} />
      </div>
      <p>
        <a href={mod.href}>← Back to {mod.title}</a>
      </p>
    </article>
  );
}
