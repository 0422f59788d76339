import type { ReactNode } from "react";

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }): ReactNode {
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div className="progress">
      <progress value={done} max={Math.max(total, 1)} aria-label={label} />
      <span data-testid="progress-text">
        {done} of {total} lessons complete ({percent}%)
      </span>
    </div>
  );
}
