/** A module: its lessons in order with minutes, lab and the local learner's completion and best quiz score. */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InlineCode } from "@/components/ui/InlineCode";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { findModule, loadCatalog } from "@/lib/content";
import { labTitles } from "@/labs";
import { LESSON_QUIZ_ID } from "@/lib/content/lesson-state";
import { summariseModule } from "@/lib/content/progress-summary";
import { loadLearnerProgress } from "@/app/modules/local-progress";
import { quizKey } from "@/lib/progress/lessons";

export const dynamic = "force-dynamic";

type Params = { module: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const mod = findModule(loadCatalog(), (await params).module);
  return mod ? { title: mod.title, description: mod.summary } : {};
}

export default async function ModulePage({ params }: { params: Promise<Params> }) {
  const mod = findModule(loadCatalog(), (await params).module);
  if (!mod) notFound();
  const progress = await loadLearnerProgress();
  const summary = progress.ok ? summariseModule(mod, progress.value.completed) : undefined;
  const totalMinutes = mod.lessons.reduce((s, l) => s + l.frontmatter.minutes, 0);

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="/">Course</a> › {mod.title}
      </nav>
      <h1>{mod.title}</h1>
      <p className="lede">{mod.summary}</p>
      <p className="muted">
        {mod.lessons.length} lessons · about {totalMinutes} minutes of reading, plus labs
      </p>
      {summary ? <ProgressBar done={summary.done} total={summary.total} label={`${mod.title} progress`} /> : null}
      {progress.ok ? null : (
        <p className={progress.signedOut ? "muted" : "error"} role={progress.signedOut ? undefined : "alert"}>
          {progress.error}
        </p>
      )}
      <h2>Lessons</h2>
      <ol className="lesson-list">
        {mod.lessons.map((l) => {
          const done = progress.ok && progress.value.completed.has(l.id);
          const standing = progress.ok ? progress.value.quizzes.get(quizKey(l.id, LESSON_QUIZ_ID)) : undefined;
          return (
            <li key={l.id} className={done ? "lesson-item done" : "lesson-item"}>
              <a href={l.href}>{l.frontmatter.title}</a> <span className="muted">· {l.frontmatter.minutes} min</span>
              {done ? <span className="badge ok"> ✓ completed</span> : null}
              {standing ? (
                <span className="badge">
                  {" "}
                  quiz best {standing.best.score}/{standing.best.maxScore}
                </span>
              ) : null}
              <p className="lesson-summary">
                <InlineCode text={l.frontmatter.summary} />
              </p>
              {l.frontmatter.lab ? (
                <p className="muted">
                  Lab:{" "}
                  <a href={`/labs/${l.frontmatter.lab}`}>{labTitles().get(l.frontmatter.lab) ?? l.frontmatter.lab}</a>
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <h2>Module assessment</h2>
      <p>
        <a href={`${mod.href}/assessment`}>Take the module assessment</a>{" "}
        <span className="muted">
          · {mod.assessment.questionsPerLesson * mod.lessons.length} questions drawn from every lesson, pass mark{" "}
          {mod.assessment.passPercent}%
        </span>
      </p>
      {mod.pages.length > 0 ? (
        <>
          <h2>Reference</h2>
          <ul className="reference-list">
            {mod.pages.map((p) => (
              <li key={p.id} className="lesson-item">
                <a href={p.href}>{p.frontmatter.title}</a>
                <p className="lesson-summary">
                  <InlineCode text={p.frontmatter.summary} />
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="muted">{mod.attribution}</p>
    </>
  );
}
