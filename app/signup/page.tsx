import type { Metadata } from "next";
import "@/app/progress/_components/classroom.css";
import { accountFormPage } from "@/app/progress/_components/account-form-page";
import { JsonForm } from "@/app/progress/_components/JsonForm";

export const metadata: Metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default async function SignupPage() {
  return accountFormPage({
    title: "Create an account",
    localModeNote: (
      <>
        This ClusterLab runs in local mode: no account is needed. See <a href="/progress">your progress</a>.
      </>
    ),
    form: (
      <>
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
          Already registered? <a href="/login">Sign in</a>. Your instructor gives you a join code for your cohort once
          you are in.
        </p>
      </>
    ),
  });
}
