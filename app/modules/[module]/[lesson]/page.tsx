/**
 * A lesson. Prerendered by `next build` for every lesson (generateStaticParams compiles them all, so a broken lesson
 * fails the build naming its file); the learner-specific parts (quiz standing, completion) are client components that
 * talk to the lesson server actions, which keeps the page itself static and cheap to serve.
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLessonState, markComplete, submitQuiz } from "@/app/actions/lessons";
import { lessonComponents } from "@/components/mdx";
import { LabCard } from "@/components/mdx/LabCard";
import { MdxContent } from "@/components/mdx/MdxContent";
import { InlineCode } from "@/components/ui/InlineCode";
import { QuizForm } from "@/components/mdx/QuizForm";
import { LessonNav } from "@/components/ui/LessonNav";
import { MarkComplete } from "@/components/ui/MarkComplete";
import {
  allLessons,
  compileLesson,
  findLesson,
  findModule,
  loadCatalog,
  neighbours,
  toPublicQuiz,
} from "@/lib/content";

type Params = { module: string; lesson: string };

export const dynamicParams = false;

export async function generateStaticParams(): Promise<Params[]> {
  const lessons = allLessons(loadCatalog());
  // Compile everything up front: the first broken lesson fails `next build` with its file name and the reason.
  await Promise.all(lessons.map((l) => compileLesson(l)));
  return lessons.map((l) => ({ module: l.moduleId, lesson: l.slug }));
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { module, lesson } = await params;
  const found = findLesson(loadCatalog(), module, lesson);
  return found ? { title: found.frontmatter.title, description: found.frontmatter.summary } : {};
}

export default async function LessonPage({ params }: { params: Promise<Params> }) {
  const { module, lesson: slug } = await params;
  const catalog = loadCatalog();
  const lesson = findLesson(catalog, module, slug);
  const mod = findModule(catalog, module);
  if (!lesson || !mod) notFound();
  const compiled = await compileLesson(lesson);
  const { previous, next } = neighbours(catalog, lesson);
  const position = mod.lessons.findIndex((l) => l.id === lesson.id) + 1;
  const fm = lesson.frontmatter;
  const quiz = (
    <QuizForm
      lessonId={lesson.id}
      quiz={toPublicQuiz(fm.quiz)}
      submitQuiz={submitQuiz}
      getLessonState={getLessonState}
    />
  );

  return (
    <article className="lesson">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="/">Course</a> › <a href={mod.href}>{mod.title}</a> › Lesson {position} of {mod.lessons.length}
      </nav>
      <h1>{fm.title}</h1>
      <p className="lede">
        <InlineCode text={fm.summary} />
      </p>
      <p className="muted">About {fm.minutes} minutes</p>
      <section className="objectives" aria-labelledby="objectives-heading">
        <h2 id="objectives-heading">You will be able to</h2>
        <ul>
          {fm.objectives.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      </section>
      <div className="lesson-body">
        <MdxContent hash={compiled.hash} code={compiled.code} components={lessonComponents(quiz)} />
      </div>
      {fm.lab ? <LabCard id={fm.lab} /> : null}
      <MarkComplete lessonId={lesson.id} markComplete={markComplete} getLessonState={getLessonState} />
      <LessonNav
        moduleHref={mod.href}
        previous={previous ? { href: previous.href, title: previous.frontmatter.title } : undefined}
        next={next ? { href: next.href, title: next.frontmatter.title } : undefined}
      />
    </article>
  );
}
