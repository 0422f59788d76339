"use client";
/** "Mark complete" for a lesson. The page is static, so the current state is fetched once on mount. */
import { useEffect, useState, useTransition, type ReactNode } from "react";
import type { LessonActions } from "@/lib/content/lesson-state";

type Props = {
  lessonId: string;
  markComplete: LessonActions["markComplete"];
  getLessonState: LessonActions["getLessonState"];
};

export function MarkComplete({ lessonId, markComplete, getLessonState }: Props): ReactNode {
  const [completedAt, setCompletedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    let live = true;
    getLessonState({ lessonId }).then(
      (state) => {
        if (!live) return;
        if ("error" in state) setError(state.error);
        else setCompletedAt(state.completedAt);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [lessonId, getLessonState]);

  function onClick(): void {
    startTransition(async () => {
      try {
        const r = await markComplete({ lessonId });
        if (r.ok) {
          setCompletedAt(r.completedAt);
          setError(null);
        } else setError(r.error);
      } catch {
        setError("The server did not answer. Check that ClusterLab is still running, then try again.");
      }
    });
  }

  return (
    <div className="mark-complete" aria-live="polite">
      {completedAt ? (
        <p className="done" data-testid="lesson-completed">
          ✓ Completed on{" "}
          {new Date(completedAt).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" })}
        </p>
      ) : (
        <button type="button" onClick={onClick} disabled={pending}>
          {pending ? "Saving…" : "Mark lesson complete"}
        </button>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
