import type { ReactNode } from "react";

type Link = { href: string; title: string };

/** Previous / next lesson links, with rel so browsers and assistive tech know the order. */
export function LessonNav({
  previous,
  next,
  moduleHref,
}: {
  previous?: Link;
  next?: Link;
  moduleHref: string;
}): ReactNode {
  return (
    <nav className="lesson-nav" aria-label="Lesson navigation">
      {previous ? (
        <a href={previous.href} rel="prev">
          ← Previous: {previous.title}
        </a>
      ) : (
        <a href={moduleHref}>← Module overview</a>
      )}
      {next ? (
        <a href={next.href} rel="next">
          Next: {next.title} →
        </a>
      ) : (
        <a href={moduleHref}>Back to the module →</a>
      )}
    </nav>
  );
}
