import type { ReactNode } from "react";

/** A numbered procedure. Each <Step title> holds markdown (files, keys, commands); numbering comes from the order. */
export function Steps({ children }: { children: ReactNode }): ReactNode {
  return <ol className="steps">{children}</ol>;
}

export function Step({ title, children }: { title: string; children?: ReactNode }): ReactNode {
  return (
    <li className="step">
      <p className="step-title">
        <strong>{title}</strong>
      </p>
      {children}
    </li>
  );
}
