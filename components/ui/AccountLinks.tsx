"use client";
/**
 * The header's Sign in / Sign out, shown only in classroom mode. It asks /api/me after the page loads instead of reading
 * the session on the server, so the root layout stays static and lesson pages stay prerendered.
 */
import { useEffect, useState } from "react";
import { z } from "zod";

const meSchema = z.object({ mode: z.enum(["local", "classroom"]), user: z.object({ name: z.string() }) });

type Account =
  { state: "unknown" } | { state: "local" } | { state: "signed-out" } | { state: "signed-in"; name: string };

export function AccountLinks() {
  const [account, setAccount] = useState<Account>({ state: "unknown" });
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let cancelled = false;
    fetch("/api/me", { headers: { accept: "application/json" } })
      .then(async (response) => {
        if (cancelled) return;
        if (response.status === 401) return setAccount({ state: "signed-out" });
        const me = meSchema.safeParse(await response.json().catch(() => undefined));
        if (!response.ok || !me.success) return setAccount({ state: "unknown" });
        setAccount(me.data.mode === "classroom" ? { state: "signed-in", name: me.data.user.name } : { state: "local" });
      })
      .catch(() => undefined); // offline or no server: the header simply shows no account links
    return () => {
      cancelled = true;
    };
  }, []);

  async function signOut() {
    const response = await fetch("/api/auth/logout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }).catch(() => undefined);
    if (!response?.ok) return setError("Signing out failed; reload the page and try again.");
    window.location.assign("/");
  }

  if (account.state === "signed-out") return <a href="/login">Sign in</a>;
  if (account.state !== "signed-in") return null;
  return (
    <>
      <button type="button" className="link-button" onClick={signOut} title={`Signed in as ${account.name}`}>
        Sign out
      </button>
      {error ? <span className="error"> {error}</span> : null}
    </>
  );
}
