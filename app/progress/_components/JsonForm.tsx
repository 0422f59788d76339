"use client";
/**
 * A small form that sends its fields as JSON to a classroom API route (same origin, so the browser adds
 * Origin and the session cookie) and shows the server's message on failure. After success it reloads,
 * redirects, or shows a one-time secret (a new API token).
 */
import { useState, type FormEvent } from "react";

export type JsonField = {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  required?: boolean;
};

type Props = {
  action: string;
  method?: "POST" | "PUT" | "DELETE";
  fields: Array<JsonField>;
  submitLabel: string;
  after: { kind: "reload" } | { kind: "redirect"; to: string } | { kind: "show-token" };
};

type ApiAnswer = { error?: string; issues?: Array<string>; token?: string };

export function JsonForm({ action, method = "POST", fields, submitLabel, after }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [token, setToken] = useState<string | undefined>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const data = new FormData(event.currentTarget);
    const body = Object.fromEntries(fields.map((f) => [f.name, String(data.get(f.name) ?? "")]));
    try {
      const response = await fetch(action, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = (await response.json().catch(() => ({}))) as ApiAnswer;
      if (!response.ok) {
        setError([answer.error ?? `The server answered ${response.status}.`, ...(answer.issues ?? [])].join(" "));
        return;
      }
      if (after.kind === "redirect") window.location.assign(after.to);
      else if (after.kind === "show-token") setToken(answer.token);
      else window.location.reload();
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="json-form">
      {fields.map((field) => (
        <label key={field.name} style={{ display: "block", marginBottom: "0.5rem" }}>
          {field.label}{" "}
          <input
            name={field.name}
            type={field.type ?? "text"}
            autoComplete={field.autoComplete}
            required={field.required ?? true}
          />
        </label>
      ))}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {token ? (
        <p role="status">
          Your new token (copy it now, it is not shown again): <code>{token}</code>
          <br />
          Then run:{" "}
          <code>
            clusterlab login --server {typeof window === "undefined" ? "<this site>" : window.location.origin} --token{" "}
            {token}
          </code>
        </p>
      ) : null}
    </form>
  );
}

export function ApiButton({ action, method, label }: { action: string; method: "POST" | "DELETE"; label: string }) {
  const [error, setError] = useState<string | undefined>();
  async function onClick() {
    const response = await fetch(action, {
      method,
      headers: { "content-type": "application/json" },
      body: method === "POST" ? "{}" : undefined,
    }).catch(() => undefined);
    if (!response || !response.ok) {
      const answer = (await response?.json().catch(() => ({}))) as ApiAnswer | undefined;
      setError(answer?.error ?? "The request failed; try again.");
      return;
    }
    window.location.reload();
  }
  return (
    <>
      <button type="button" onClick={onClick}>
        {label}
      </button>
      {error ? <span className="error"> {error}</span> : null}
    </>
  );
}
