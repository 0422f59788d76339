import type { Metadata } from "next";
import "@/app/progress/_components/classroom.css";
import { redirect } from "next/navigation";
import { getPageUser } from "@/app/api/_shared/page-user";
import { JsonForm } from "@/app/progress/_components/JsonForm";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default async function SignupPage() {
  if (getEnv().CLUSTERLAB_MODE !== "classroom") {
    return (
      <section>
        <h1>Create an account</h1>
        <p>This ClusterLab runs in local mode: no account is needed. See <a href="/progress">your progress</a>.</p>
      </section>
    );
  }
  const principal = await getPageUser();
  if (principal.kind === "user") redirect("/progress");
  return (
    <section>
      <h1>Create an account</h1>
      <JsonForm
        action="/api/auth/signup"
        fields={[
          { name: "email", label: "Email", type: "email", autoComplete: "username" },
          { name: "name", label: "Your name", autoComplete: "name" },
          { name: "password", label: "Password (10+ characters)", type: "password", autoComplete: "new-password" },
        ]}
        submitLabel="Create account"
        after={{ kind: "redirect", to: "/progress" }}
      />
      <p className="muted">
        Already registered? <a href="/login">Sign in</a>. Your instructor gives you a join code for your cohort once you are in.
      </p>
    </section>
  );
}
