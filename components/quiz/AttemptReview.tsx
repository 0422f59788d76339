/**
 * A stored attempt, read-only, in the order the learner saw it (lib/content/review.ts): every question with the
 * learner's picks marked apart from the right answers, and the explanations. No inputs: nothing here can be changed.
 */
import type { ReactNode } from "react";
import type { ReviewItem } from "@/lib/content/review";
import { choiceVerdict } from "./QuizQuestions";

export function AttemptReview({ items }: { items: ReadonlyArray<ReviewItem> }): ReactNode {
  return (
    <ol className="quiz attempt-review" data-testid="attempt-review">
      {items.map((item) =>
        item.status === "removed" ? (
          <li key={item.questionId} className="muted">
            This question ({item.questionId}) has since been removed from the course.
          </li>
        ) : (
          <li
            key={item.questionId}
            className={item.correct ? "question correct" : "question incorrect"}
            data-question={item.questionId}
          >
            <p>
              <strong>{item.prompt}</strong> {item.correct ? "— right" : "— not right"}
            </p>
            <ul>
              {item.choices.map((c) => {
                const verdict = choiceVerdict(c.chosen, c.correct);
                return (
                  <li
                    key={c.id}
                    className={c.chosen ? `choice chosen ${verdict.tone}` : "choice"}
                    data-choice={c.id}
                    data-chosen={String(c.chosen)}
                  >
                    {c.text}
                    <p className={`explanation ${verdict.tone}`}>
                      <strong>{verdict.label}</strong> {c.explanation}
                    </p>
                  </li>
                );
              })}
            </ul>
          </li>
        ),
      )}
    </ol>
  );
}
