import type { ReactNode } from "react";
import { InlineCode } from "./InlineCode";

/**
 * A check's "Read:" hint names a README section as `labs/<lab>/README.mdx, step N: why`. Learners should get a link to
 * that section of the lab page (the README's "Step N" heading has id `step-N`), not an internal repository path.
 */
export type ReadmeReference = { lab: string; step: number; rest: string };

const README_REFERENCE = /^labs\/([a-z][a-z0-9-]*)\/README\.mdx,\s*step\s+(\d+)\s*[:,]?\s*([\s\S]*)$/i;

export function parseReadmeReference(text: string): ReadmeReference | undefined {
  const match = README_REFERENCE.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { lab: match[1], step: Number(match[2]), rest: match[3] ?? "" };
}

export function LessonReference({ text }: { text: string }): ReactNode {
  const ref = parseReadmeReference(text);
  if (!ref) return <InlineCode text={text} />;
  return (
    <>
      <a href={`/labs/${ref.lab}#step-${ref.step}`}>Lab instructions, step {ref.step}</a>
      {ref.rest ? (
        <>
          : <InlineCode text={ref.rest} />
        </>
      ) : null}
    </>
  );
}
