/**
 * The frame of the sign-in and sign-up pages: in local mode there are no accounts, so the page only says so;
 * a visitor already signed in goes to /progress; anyone else gets the page's form.
 */
import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getPageUser } from "@/app/api/_shared/page-user";
import { getEnv } from "@/lib/env";

export async function accountFormPage({
  title,
  localModeNote,
  form,
}: {
  title: string;
  localModeNote: ReactNode;
  form: ReactNode;
}): Promise<ReactNode> {
  if (getEnv().CLUSTERLAB_MODE !== "classroom") {
    return (
      <section>
        <h1>{title}</h1>
        <p>{localModeNote}</p>
      </section>
    );
  }
  const principal = await getPageUser();
  if (principal.kind === "user") redirect("/progress");
  return (
    <section>
      <h1>{title}</h1>
      {form}
    </section>
  );
}
