"use client";
/**
 * The lab console (local mode): workspace files in the editor with their static-check diagnostics, the
 * lifecycle buttons (init, up, check, solve, reset, down — the same lab desk calls as the CLI, run on the
 * server), their progress streamed over server-sent events, check results, node logs and the live topology with
 * a stop/start/kill/pause/resume control per node (`clusterlab lab node`).
 * Every request is same-origin and carries the console's HttpOnly cookie (set by the one-time link printed in the
 * terminal); the page never sees the token itself.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import { consoleEventSchema, type ConsoleAction, type ConsoleEvent } from "@/lib/console/events";
import type { NodeOperation } from "@/lib/labs/node-operations";
import { topologySnapshotSchema, type TopologySnapshot } from "@/lib/console/topology-schema";
import type { CheckResult, LabReport } from "@/lib/grading/report";
import { CheckResults } from "./CheckResults";
import { CodeEditor, type EditorDiagnostic } from "./CodeEditor";
import { TopologyView } from "./TopologyView";
import { consoleStateSchema, lintViewSchema, type ConsoleState, type LintViewWire } from "@/lib/console/state-schema";

type Lint = LintViewWire;

const ACTIONS: Array<{ action: ConsoleAction; label: string; help: string }> = [
  { action: "init", label: "Init", help: "Copy the starter files into the workspace" },
  { action: "up", label: "Up", help: "Static checks, then start the cluster" },
  { action: "check", label: "Check", help: "Grade the workspace (starts the cluster for the check if it is not up)" },
  { action: "solve", label: "Solve", help: "Write the reference solution into the workspace" },
  { action: "reset", label: "Reset", help: "Put the starter files back" },
  { action: "down", label: "Down", help: "Stop the lab and remove its containers" },
];

export type LabConsoleProps = { lab: string; nodes: Array<{ name: string; role: string }>; cliFlag: string };

export function LabConsole({ lab, nodes, cliFlag }: LabConsoleProps) {
  const api = useCallback(
    async (path: string, init: RequestInit = {}): Promise<unknown> => {
      const res = await fetch(`/api/labs/${lab}${path}`, {
        ...init,
        headers: { ...(init.headers ?? {}), "content-type": "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      const body: unknown = await res
        .json()
        .catch(() => ({ error: `The server answered HTTP ${res.status} without a message.` }));
      if (!res.ok) {
        const problem = z.object({ error: z.string(), issues: z.array(z.string()).optional() }).safeParse(body).data;
        throw new Error(problem ? [problem.error, ...(problem.issues ?? [])].join("\n") : `HTTP ${res.status}`);
      }
      return body;
    },
    [lab],
  );

  const [state, setState] = useState<ConsoleState | null>(null);
  const [lint, setLint] = useState<Lint | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [content, setContent] = useState<string>("");
  const [saved, setSaved] = useState<string>("");
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>("");
  const [force, setForce] = useState(false);
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<Array<string>>([]);
  const [results, setResults] = useState<Array<CheckResult>>([]);
  const [report, setReport] = useState<LabReport | null>(null);
  const [topology, setTopology] = useState<TopologySnapshot | null>(null);
  const [logNode, setLogNode] = useState<string>(nodes[0]?.name ?? "");
  const [logText, setLogText] = useState<string>("");
  const wantedRef = useRef<string | null>(null);
  const dirty = content !== saved;

  const loadFile = useCallback(
    async (file: string) => {
      // The file the learner asked for last wins: a slower, older load (e.g. a refresh) must not replace it.
      wantedRef.current = file;
      const body = z
        .object({ path: z.string(), content: z.string() })
        .parse(await api(`/files?path=${encodeURIComponent(file)}`));
      if (wantedRef.current !== file) return;
      setSelected(body.path);
      setContent(body.content);
      setSaved(body.content);
    },
    [api],
  );

  const refresh = useCallback(async () => {
    try {
      const next = consoleStateSchema.parse(await api("/state"));
      setState(next);
      setLint(next.lint);
      setRunning(next.running?.action ?? null);
      const current = wantedRef.current;
      const file = current && next.files.some((f) => f.path === current) ? current : next.files[0]?.path;
      if (file) await loadFile(file);
      else {
        wantedRef.current = null;
        setSelected(null);
        setContent("");
        setSaved("");
      }
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }, [api, loadFile]);

  const refreshTopology = useCallback(async () => {
    try {
      setTopology(topologySnapshotSchema.parse(await api("/topology")));
    } catch {
      // The picture is best effort; the state panel reports real problems.
    }
  }, [api]);

  const onEvent = useCallback(
    (event: ConsoleEvent) => {
      switch (event.type) {
        case "started":
          setRunning(event.action);
          setProgress([`▶ ${event.action}`]);
          if (event.action === "check") {
            setResults([]);
            setReport(null);
          }
          setProblem(null);
          return;
        case "progress":
          setProgress((p) => [...p, ...event.line.split("\n")].slice(-500));
          return;
        case "result":
          setResults((r) => [...r.filter((x) => x.id !== event.result.id), event.result]);
          return;
        case "report":
          setReport(event.report);
          return;
        case "finished":
          setRunning(null);
          setProgress((p) => [
            ...p,
            event.outcome === "ok" ? `✔ ${event.action} finished` : `✖ ${event.action} ${event.outcome}`,
          ]);
          if (event.message) setProblem(event.message);
          setNotice(event.outcome === "ok" ? `${event.action} finished.` : `${event.action} ${event.outcome}.`);
          void refresh();
          void refreshTopology();
          return;
      }
    },
    [refresh, refreshTopology],
  );

  useEffect(() => {
    void refresh();
    void refreshTopology();
    const source = new EventSource(`/api/labs/${lab}/events`);
    source.onmessage = (message) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const parsed = consoleEventSchema.safeParse(raw);
      if (parsed.success) onEvent(parsed.data);
    };
    return () => source.close();
  }, [lab, refresh, refreshTopology, onEvent]);

  // The picture follows the cluster: often while something runs (a check's drills), slowly otherwise.
  useEffect(() => {
    const every = running ? 1_500 : 5_000;
    const timer = setInterval(() => void refreshTopology(), every);
    return () => clearInterval(timer);
  }, [running, refreshTopology]);

  async function act(action: ConsoleAction) {
    setProblem(null);
    try {
      if (dirty && (action === "up" || action === "check")) await save();
      await api("/actions", { method: "POST", body: JSON.stringify({ action, force }) });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  async function actOnNode(node: string, operation: NodeOperation) {
    setProblem(null);
    try {
      await api("/nodes", { method: "POST", body: JSON.stringify({ node, operation }) });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  async function cancel() {
    try {
      await api("/actions", { method: "POST", body: JSON.stringify({ action: "cancel" }) });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  async function save() {
    if (!selected) return;
    setProblem(null);
    try {
      const body = z
        .object({ saved: z.string(), lint: lintViewSchema })
        .parse(await api("/files", { method: "PUT", body: JSON.stringify({ path: selected, content }) }));
      setSaved(content);
      setLint(body.lint);
      setNotice(`Saved ${body.saved}.`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  async function loadLogs() {
    try {
      setLogText(
        z.object({ text: z.string() }).parse(await api(`/logs?node=${encodeURIComponent(logNode)}&tail=300`)).text ||
          "(no output yet)",
      );
    } catch (error) {
      setLogText(error instanceof Error ? error.message : String(error));
    }
  }

  const fileDiagnostics: Array<EditorDiagnostic> = useMemo(
    () =>
      lint?.available
        ? lint.diagnostics
            .filter((d) => d.file === selected)
            .map((d) => ({ line: d.line, column: d.column, severity: d.severity, message: d.message, code: d.code }))
        : [],
    [lint, selected],
  );
  const language = state?.files.find((f) => f.path === selected)?.language ?? "text";
  const counts = (file: string) =>
    lint?.available ? lint.diagnostics.filter((d) => d.file === file && d.severity === "error").length : 0;

  return (
    <div className="lab-console">
      <p className="sr-only" role="status" aria-live="polite">
        {notice}
      </p>
      {problem ? (
        <div className="console-problem" role="alert" data-testid="console-problem">
          <p className="pre-line">{problem}</p>
        </div>
      ) : null}

      <section aria-labelledby="actions-heading" className="console-section">
        <h2 id="actions-heading">Run the lab</h2>
        <div className="action-bar">
          {ACTIONS.map((a) => (
            <button
              key={a.action}
              type="button"
              title={a.help}
              data-action={a.action}
              className={a.action === "solve" ? "danger" : undefined}
              disabled={running !== null}
              aria-describedby="action-help"
              onClick={() => {
                // Solve overwrites the learner's files with the answer: ask first, so it is never a misclick.
                if (
                  a.action === "solve" &&
                  !window.confirm(
                    "Write the reference solution into your workspace? This shows the answer and replaces your files.",
                  )
                )
                  return;
                void act(a.action);
              }}
            >
              {a.label}
            </button>
          ))}
          {running ? (
            <button type="button" className="secondary" onClick={() => void cancel()}>
              Cancel {running}
            </button>
          ) : null}
          <label className="force">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> discard my changes
            (init, solve, reset)
          </label>
        </div>
        <p id="action-help" className="muted">
          Same as{" "}
          <code>
            clusterlab lab init|up|check|solve|reset|down {lab}
            {cliFlag}
          </code>
          .{" "}
          {state
            ? state.session
              ? `Up: session ${state.session.session} (${state.session.runtime}).`
              : "Not up."
            : ""}{" "}
          {running ? `Running: ${running}…` : ""}
        </p>
        {state?.session && Object.keys(state.session.endpoints).length > 0 ? (
          <p className="node-ports" data-testid="node-ports">
            Node ports (new on every up):{" "}
            {Object.entries(state.session.endpoints).map(([node, ports], i) => (
              <span key={node}>
                {i > 0 ? " · " : ""}
                {node} <code>{Object.values(ports).join(", ")}</code>
              </span>
            ))}
          </p>
        ) : null}
        <h3>Progress</h3>
        <pre
          className="log progress-log"
          data-testid="progress-log"
          aria-label="Progress of the current action"
          tabIndex={0}
        >
          {progress.length > 0 ? progress.join("\n") : "Nothing has run yet."}
        </pre>
      </section>

      <section aria-labelledby="topology-heading" className="console-section">
        <h2 id="topology-heading">Cluster</h2>
        {topology ? (
          <TopologyView
            snapshot={topology}
            nodeActions={{ disabled: running !== null, onAction: (node, operation) => void actOnNode(node, operation) }}
          />
        ) : (
          <p className="muted">Reading the cluster…</p>
        )}
      </section>

      <section aria-labelledby="workspace-heading" className="console-section">
        <h2 id="workspace-heading">Workspace</h2>
        {state && !state.initialised ? (
          <p>
            No workspace yet at <code>{state.workspace}</code>. Press <strong>Init</strong> to copy the starter files.
          </p>
        ) : null}
        {state && state.initialised ? (
          <>
            <p className="muted">
              <code>{state.workspace}</code> {state.source === "solution" ? "(holds the reference solution)" : ""}
            </p>
            <div className="file-tabs" role="group" aria-label="Workspace files">
              {state.files.map((f) => (
                <button
                  key={f.path}
                  type="button"
                  className={f.path === selected ? "file-tab current" : "file-tab"}
                  aria-pressed={f.path === selected}
                  data-file={f.path}
                  onClick={() =>
                    void (dirty
                      ? setProblem("Save or undo your changes to this file before opening another.")
                      : loadFile(f.path))
                  }
                >
                  {f.path}
                  {counts(f.path) > 0 ? ` (${counts(f.path)} error${counts(f.path) === 1 ? "" : "s"})` : ""}
                </button>
              ))}
            </div>
            {selected ? (
              <>
                <CodeEditor
                  path={selected}
                  value={content}
                  language={language}
                  diagnostics={fileDiagnostics}
                  onChange={setContent}
                />
                <div className="editor-bar">
                  <button type="button" data-testid="save" disabled={!dirty} onClick={() => void save()}>
                    Save {selected}
                  </button>
                  <button type="button" className="secondary" disabled={!dirty} onClick={() => setContent(saved)}>
                    Undo changes
                  </button>
                  <span className="muted">{dirty ? "Unsaved changes" : "Saved"}</span>
                </div>
              </>
            ) : null}
            <h3>Static checks</h3>
            {lint && !lint.available ? <p className="muted">Static checks did not run: {lint.reason}</p> : null}
            {lint?.available && lint.diagnostics.length === 0 ? (
              <p className="ok-text" data-testid="lint-clean">
                No problems found.
              </p>
            ) : null}
            {lint?.available && lint.diagnostics.length > 0 ? (
              <ul className="diagnostics" data-testid="diagnostics">
                {lint.diagnostics.map((d, i) => (
                  <li key={`${d.file}:${d.line}:${d.column}:${d.code}:${i}`} className={`diag-${d.severity}`}>
                    <button type="button" className="link" onClick={() => void (dirty ? undefined : loadFile(d.file))}>
                      {d.file}:{d.line}:{d.column}
                    </button>{" "}
                    <strong>{d.severity}</strong> [{d.code}] {d.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </section>

      <section aria-labelledby="results-heading" className="console-section">
        <h2 id="results-heading">Check results</h2>
        <CheckResults results={results} report={report} />
      </section>

      <section aria-labelledby="logs-heading" className="console-section">
        <h2 id="logs-heading">Node logs</h2>
        <div className="log-bar">
          <label htmlFor="log-node">Node</label>
          <select id="log-node" value={logNode} onChange={(e) => setLogNode(e.target.value)}>
            {nodes.map((n) => (
              <option key={n.name} value={n.name}>
                {n.name} ({n.role})
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void loadLogs()}>
            Show log
          </button>
        </div>
        <pre className="log" data-testid="node-log" aria-label={`Log of ${logNode}`} tabIndex={0}>
          {logText || "Pick a node and press “Show log” (the lab must be up)."}
        </pre>
      </section>
    </div>
  );
}
