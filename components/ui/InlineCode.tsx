import { Fragment, type ReactNode } from "react";

/**
 * Plain text that may hold Markdown-style `code` spans (lesson summaries, check hints): each backticked span becomes
 * <code>, so learners never see raw backticks. Everything else stays text; nothing is parsed as HTML.
 */
export function InlineCode({ text }: { text: string }): ReactNode {
  return (
    <>
      {splitInlineCode(text).map((part, i) =>
        part.code ? <code key={i}>{part.text}</code> : <Fragment key={i}>{part.text}</Fragment>,
      )}
    </>
  );
}

export type InlinePart = { text: string; code: boolean };

/** Splits on single-backtick spans; an unmatched backtick stays literal text. */
export function splitInlineCode(text: string): InlinePart[] {
  const parts: InlinePart[] = [];
  for (const piece of text.split(/(`[^`\n]+`)/g)) {
    if (piece === "") continue;
    const isCode = piece.length > 2 && piece.startsWith("`") && piece.endsWith("`");
    parts.push({ text: isCode ? piece.slice(1, -1) : piece, code: isCode });
  }
  return parts;
}
