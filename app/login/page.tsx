import type { Metadata } from "next";
import "@/app/progress/_components/classroom.css";
import { accountFormPage } from "@/app/progress/_components/account-form-page";
import { JsonForm } from "@/app/progress/_components/JsonForm";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  return accountFormPage({
    title: "Sign in",
    localModeNote: (
      <>
        This ClusterLab runs in local mode: there are no accounts, your progress is recorded on this machine. See{" "}
        <a href="/progress">your progress</a>.
      </>
    ),
    form: (
      <>
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
      </>
    ),
  });
}
