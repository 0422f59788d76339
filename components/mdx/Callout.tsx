import type { ReactNode } from "react";

const labels = { note: "Note", tip: "Tip", warning: "Warning", fact: "Fact check" } as const;

/** A highlighted aside. `fact` marks a place where the lesson corrects or sharpens the original slides. */
export function Callout({
  type = "note",
  title,
  children,
}: {
  type?: keyof typeof labels;
  title?: string;
  children: ReactNode;
}): ReactNode {
  return (
    <aside className={`callout callout-${type}`} aria-label={title ?? labels[type]}>
      <p className="callout-title">
        <strong>{title ?? labels[type]}</strong>
      </p>
      {children}
    </aside>
  );
}
