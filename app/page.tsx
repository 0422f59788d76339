/** Course home: every module with the viewer's progress (local learner, or the signed-in account in classroom mode) and where to continue. */
import { ProgressBar } from "@/components/ui/ProgressBar";
import { loadCatalog } from "@/lib/content";
import { summariseModule } from "@/lib/content/progress-summary";
import { loadLearnerProgress } from "@/app/modules/local-progress";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const catalog = loadCatalog();
  const progress = await loadLearnerProgress();
  return (
    <>
      <h1>WSO2 clustering, hands on</h1>
      <p className="lede">
        Read a lesson, check what you understood, then start a real multi-node cluster on your own machine and get it
        graded.
      </p>
      {progress.ok ? null : (
        <p className={progress.signedOut ? "muted" : "error"} role={progress.signedOut ? undefined : "alert"}>
          {progress.error}
        </p>
      )}
      <h2>Modules</h2>
      <ul className="module-list">
        {catalog.modules.map((m) => {
          const summary = progress.ok ? summariseModule(m, progress.value.completed) : undefined;
          return (
            <li key={m.id} className="module-card">
              <h3>
                <a href={m.href}>{m.title}</a>
              </h3>
              <p>{m.summary}</p>
              {summary ? (
                <>
                  <ProgressBar done={summary.done} total={summary.total} label={`${m.title} progress`} />
                  {summary.nextLessonHref ? (
                    <p>
                      <a className="button" href={summary.nextLessonHref}>
                        {summary.done === 0 ? "Start the module" : "Continue"}
                      </a>{" "}
                      <span className="muted">about {summary.minutesLeft} minutes of reading left</span>
                    </p>
                  ) : (
                    <p className="badge ok">Module complete</p>
                  )}
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
