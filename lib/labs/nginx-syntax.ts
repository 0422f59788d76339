/**
 * A static syntax check of a lab's nginx.conf, run with the other static checks before anything starts,
 * so a learner's typo is reported as their failure (file:line, nginx's wording) instead of a load
 * balancer that never comes up. It checks what nginx's own tokenizer rejects: unbalanced braces,
 * a directive without its ";", an unterminated quote. What only nginx knows (an unknown directive, a bad
 * argument) is caught when the node starts, and reported with nginx's own message (./start-failure.ts).
 */
import type { Diagnostic } from "@/lib/wso2-config/model";

type Token = { text: string; kind: "word" | "{" | "}" | ";"; line: number; column: number };

export const NGINX_SYNTAX_CODE = "nginx-syntax";

/** nginx.conf tokens (words, quoted strings, braces, semicolons), comments dropped; an unterminated quote is a diagnostic. */
function tokenize(text: string, file: string): { tokens: Array<Token>; problem: Diagnostic | null } {
  const tokens: Array<Token> = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const advance = (n = 1) => {
    for (let k = 0; k < n; k++) {
      if (text[i] === "\n") {
        line++;
        column = 1;
      } else column++;
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i] ?? "";
    if (/\s/.test(c)) advance();
    else if (c === "#") while (i < text.length && text[i] !== "\n") advance();
    else if (c === "{" || c === "}" || c === ";") {
      tokens.push({ text: c, kind: c, line, column });
      advance();
    } else if (c === '"' || c === "'") {
      const start = { line, column };
      advance();
      let value = "";
      while (i < text.length && text[i] !== c) {
        if (text[i] === "\\" && i + 1 < text.length) {
          value += text[i + 1];
          advance(2);
        } else {
          value += text[i];
          advance();
        }
      }
      if (i >= text.length)
        return {
          tokens,
          problem: diagnostic(
            file,
            start.line,
            start.column,
            `unexpected end of file: the quote ${c} opened here is never closed`,
          ),
        };
      advance();
      tokens.push({ text: value, kind: "word", ...start });
    } else {
      const start = { line, column };
      let value = "";
      while (i < text.length && !/[\s;{}#]/.test(text[i] ?? "")) {
        // `${var}` is one word in nginx, braces included.
        if (text[i] === "$" && text[i + 1] === "{") {
          const close = text.indexOf("}", i);
          if (close === -1) break;
          value += text.slice(i, close + 1);
          advance(close + 1 - i);
        } else {
          value += text[i];
          advance();
        }
      }
      tokens.push({ text: value, kind: "word", ...start });
    }
  }
  return { tokens, problem: null };
}

function diagnostic(file: string, line: number, column: number, message: string): Diagnostic {
  return {
    severity: "error",
    code: NGINX_SYNTAX_CODE,
    file,
    line,
    column,
    message: `${message}. nginx refuses to start with this file: fix it, then \`lab up\` again.`,
  };
}

/** Syntax problems of one nginx.conf (`file` is its workspace path, for file:line); the first one only, as nginx stops there too. */
export function checkNginxSyntax(text: string, file: string): Array<Diagnostic> {
  const { tokens, problem } = tokenize(text, file);
  if (problem) return [problem];
  const open: Array<Token> = [];
  let words: Array<Token> = [];
  for (const token of tokens) {
    if (token.kind === "word") {
      words.push(token);
      continue;
    }
    if (token.kind === ";") {
      if (words.length === 0)
        return [diagnostic(file, token.line, token.column, 'unexpected ";" (a ";" with no directive before it)')];
      words = [];
    } else if (token.kind === "{") {
      if (words.length === 0)
        return [
          diagnostic(file, token.line, token.column, 'unexpected "{" (a block needs a name, e.g. "upstream name {")'),
        ];
      open.push(words[0] ?? token);
      words = [];
    } else {
      if (words.length > 0) {
        const directive = words[0];
        return [
          diagnostic(
            file,
            directive?.line ?? token.line,
            directive?.column ?? token.column,
            `directive "${directive?.text ?? ""}" is not terminated by ";"`,
          ),
        ];
      }
      if (open.length === 0) return [diagnostic(file, token.line, token.column, 'unexpected "}" (it closes no block)')];
      open.pop();
    }
  }
  if (words.length > 0) {
    const directive = words[0];
    return [
      diagnostic(
        file,
        directive?.line ?? 1,
        directive?.column ?? 1,
        `unexpected end of file: directive "${directive?.text ?? ""}" is not terminated by ";"`,
      ),
    ];
  }
  const unclosed = open.at(-1);
  if (unclosed)
    return [
      diagnostic(
        file,
        unclosed.line,
        unclosed.column,
        `unexpected end of file, expecting "}": the "${unclosed.text}" block opened here is never closed`,
      ),
    ];
  return [];
}
