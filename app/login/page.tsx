import type { Metadata } from "next";
import "@/app/progress/_components/classroom.css";
import { redirect } from "next/navigation";
import { getPageUser } from "@/app/api/_shared/page-user";
import { JsonForm } from "@/app/progress/_components/JsonForm";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (getEnv().CLUSTERLAB_MODE !== "classroom") {
    return (
      <section>
        <h1>Sign in</h1>
        <p>This ClusterLab runs in local mode: there are no accounts, your progress is recorded on this machine. See <a href="/progress">your progress</a>.</p>
      </section>
    );
  }
  const principal = await getPageUser();
  if (principal.kind === "user") redirect("/progress");
  return (
    <section>
      <h1>Sign in</h1>
      <JsonForm
        action="/api/auth/login"
        fields={[
          { name: "email", label: "Email", type: "email", autoComplete: "username" },
          { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
        ]}
        submitLabel="Sign in"
        after={{ kind: "redirect", to: "/progress" }}
      />
      <p className="muted">
        No account yet? <a href="/signup">Create one</a>.
      </p>
    </section>
  );
}
