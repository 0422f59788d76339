"use client";
/**
 * The workspace file editor: CodeMirror 6 bundled by Next (no CDN), TOML/nginx/properties through
 * legacy-modes, XML through lang-xml, and the static-check diagnostics drawn on their line (lint gutter and
 * underline). Re-created when the file changes, so undo history never crosses files.
 */
import { useEffect, useRef } from "react";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine } from "@codemirror/view";
import { StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { toml } from "@codemirror/legacy-modes/mode/toml";
import { nginx } from "@codemirror/legacy-modes/mode/nginx";
import { properties } from "@codemirror/legacy-modes/mode/properties";
import { sql } from "@codemirror/legacy-modes/mode/sql";
import { xml } from "@codemirror/lang-xml";
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import type { EditorLanguage } from "@/lib/console/workspace-files";

export type EditorDiagnostic = {
  line: number;
  column: number;
  severity: "error" | "warning" | "info";
  message: string;
  code: string;
};

function languageExtension(language: EditorLanguage): Extension {
  switch (language) {
    case "toml":
      return StreamLanguage.define(toml);
    case "nginx":
      return StreamLanguage.define(nginx);
    case "properties":
      return StreamLanguage.define(properties);
    case "sql":
      return StreamLanguage.define(sql({}));
    case "xml":
      return xml();
    case "text":
      return [];
  }
}

/** Line/column (1-based; 0 = unknown) to a document range: the rest of the line from the column. */
export function toCmDiagnostics(state: EditorState, diagnostics: ReadonlyArray<EditorDiagnostic>): Array<CmDiagnostic> {
  return diagnostics.map((d) => {
    const lineNo = Math.min(Math.max(d.line, 1), state.doc.lines);
    const line = state.doc.line(lineNo);
    const from = Math.min(line.from + Math.max(d.column - 1, 0), line.to);
    return {
      from,
      to: Math.max(line.to, from),
      severity: d.severity,
      message: `${d.message} [${d.code}]`,
      source: "static checks",
    };
  });
}

const theme = EditorView.theme({
  "&": { border: "1px solid #8c959f", borderRadius: "6px", fontSize: "0.9rem", minHeight: "14rem", maxHeight: "32rem" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", overflow: "auto" },
  // Contrast: CodeMirror's default grey line numbers are too faint for WCAG AA.
  ".cm-gutters": { backgroundColor: "#f6f8fa", color: "#424a53", borderRight: "1px solid #d0d7de" },
  "&.cm-focused": { outline: "3px solid #f0b429" },
});

/**
 * CodeMirror measures line heights only while the editor is in view; until then the line-number gutter uses its 14 px
 * estimate while the text lines are 20 px, so an editor below the fold (the README now opens above it) is laid out
 * with every gutter row drifting from its line (walkthrough D6: what a full-page screenshot, print or a measurement
 * shows; scrolling it into view corrects it). CodeMirror's own print path measures the whole document regardless of
 * the viewport, so we run that path once the fonts are ready. It is an internal method: when it is missing (a future
 * CodeMirror), this does nothing and the editor still corrects itself when scrolled into view.
 */
function measureEvenWhenOutOfView(view: EditorView): () => void {
  let stopped = false;
  const measureAll = () => {
    if (stopped || view.inView) return;
    const observer = (view as unknown as { observer?: { onPrint?: (event: { type: string }) => void } }).observer;
    observer?.onPrint?.({ type: "beforeprint" });
  };
  const frame = requestAnimationFrame(measureAll);
  void document.fonts?.ready.then(measureAll);
  return () => {
    stopped = true;
    cancelAnimationFrame(frame);
  };
}

export function CodeEditor(props: {
  path: string;
  value: string;
  language: EditorLanguage;
  diagnostics: ReadonlyArray<EditorDiagnostic>;
  onChange: (value: string) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          highlightActiveLine(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle),
          languageExtension(props.language),
          lintGutter(),
          theme,
          history(),
          // Tab indents inside the editor; Escape then Tab leaves it (CodeMirror's documented escape hatch for keyboard users).
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({ "aria-label": `Editor for ${props.path}`, "data-testid": "code-editor" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    const stopMeasuring = measureEvenWhenOutOfView(v);
    return () => {
      stopMeasuring();
      v.destroy();
      view.current = null;
    };
    // One editor per file: a new path (or language) means a new document and history. props.value only seeds
    // the new document and onChange is read through a ref, so neither is a dependency on purpose.
  }, [props.path, props.language]);

  // Content replaced from outside (reload after init/reset/solve): swap the document, keep the editor.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, toCmDiagnostics(v.state, props.diagnostics)));
  }, [props.diagnostics, props.path, props.value]);

  return <div ref={host} className="code-editor" />;
}
