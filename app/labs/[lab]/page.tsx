/**
 * /labs/<lab>: the lab's README and, in local mode, the lab console (editor, lifecycle buttons, progress,
 * results, logs, live topology). Rendered per request: the console appears only for a browser that passes the same
 * guard as the console API (loopback peer stamped by scripts/server.mjs, the HttpOnly console cookie); the page never
 * carries the token. Otherwise it says how to sign in (the one-time link in the terminal) and shows the CLI commands.
 * In classroom mode the server never touches Docker.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ClassroomSubmitSteps } from "@/components/lab/ClassroomSubmitSteps";
import { LabConsole } from "@/components/lab/LabConsole";
import "@/components/lab/lab-console.css";
import { lessonComponents } from "@/components/mdx";
import { MdxContent } from "@/components/mdx/MdxContent";
import { compileLesson } from "@/lib/content";
import { getEnv } from "@/lib/env";
import { consoleDesk } from "@/app/api/_shared/console";
import { cliWorkspaceFlag, consoleMode } from "@/lib/console/context";
import { checkConsoleHeaders } from "@/lib/console/guard";
import { consoleToken } from "@/lib/console/token";
import { LabNotFoundError, type RegisteredLab } from "@/lib/labs";

export const dynamic = "force-dynamic";

type Params = { lab: string };

function findLab(id: string): RegisteredLab {
  try {
    return consoleDesk().registry.get(id);
  } catch (error) {
    if (error instanceof LabNotFoundError) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { lab } = await params;
  try {
    return { title: consoleDesk().registry.get(lab).definition.title };
  } catch {
    return {};
  }
}

async function readme(lab: RegisteredLab) {
  const source = fs.readFileSync(lab.readmePath, "utf8");
  const hash = createHash("sha256").update(source).digest("hex");
  return compileLesson({ hash, source, file: `labs/${lab.definition.id}/README.mdx`, absoluteFile: lab.readmePath });
}

function CliCommands({ id, flag }: { id: string; flag: string }) {
  return (
    <pre className="log">
      {[
        `npm run clusterlab -- lab init ${id}${flag}`,
        `npm run clusterlab -- lab up ${id}${flag}`,
        `npm run clusterlab -- lab check ${id}${flag}`,
        `npm run clusterlab -- lab down ${id}${flag}`,
      ].join("\n")}
    </pre>
  );
}

export default async function LabPage({ params }: { params: Promise<Params> }) {
  const { lab: id } = await params;
  const lab = findLab(id);
  const compiled = await readme(lab);
  const mode = consoleMode();
  const access = checkConsoleHeaders(await headers(), { mode, token: consoleToken(), mutating: false });
  const local = access.ok;
  const flag = mode === "local" ? cliWorkspaceFlag(consoleDesk(), id) : "";
  const d = lab.definition;

  return (
    <article className="lab-page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="/">Course</a> › <a href="/labs">Labs</a> › {d.title}
      </nav>
      <h1>{d.title}</h1>
      {d.summary ? <p className="lede">{d.summary}</p> : null}
      {/* Open by default in every mode: the task must be in view before the console's buttons (walkthrough F3). */}
      <details className="lab-readme" open>
        <summary>Lab instructions (README)</summary>
        <div className="lesson-body">
          <MdxContent hash={compiled.hash} code={compiled.code} components={lessonComponents(null)} />
        </div>
      </details>
      {local ? (
        <LabConsole lab={d.id} nodes={d.topology.nodes.map((n) => ({ name: n.name, role: n.role }))} cliFlag={flag} />
      ) : (
        <section aria-labelledby="cli-heading">
          <h2 id="cli-heading">Run this lab from the command line</h2>
          <p>
            {mode === "classroom"
              ? "This is a classroom server: it never starts containers. Run the lab on your own machine with the ClusterLab CLI, then submit your report:"
              : `${access.ok ? "" : access.message} Or use the CLI:`}
          </p>
          <CliCommands id={d.id} flag={flag} />
          {mode === "classroom" ? <ClassroomSubmitSteps server={await courseOrigin()} /> : null}
        </section>
      )}
    </article>
  );
}

/** The course's address as learners reach it: CLUSTERLAB_PUBLIC_ORIGIN, else what the browser used to get here. */
async function courseOrigin(): Promise<string> {
  const configured = getEnv().CLUSTERLAB_PUBLIC_ORIGIN;
  if (configured) return configured;
  const incoming = await headers();
  const host = incoming.get("x-forwarded-host") ?? incoming.get("host") ?? "<course address>";
  return `${incoming.get("x-forwarded-proto") ?? "http"}://${host}`;
}
