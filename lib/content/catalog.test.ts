/** Broken lessons fail with the file name and the reason; the compile cache compiles once per content hash. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCatalog, neighbours, allLessons } from "./catalog";
import { compileCountForTests, compileLesson } from "./compile";
import { ContentError } from "./errors";

const quiz = `quiz:
${["a", "b", "c"]
  .map(
    (id) => `  - id: ${id}
    prompt: Question ${id}?
    kind: single
    choices:
      - id: yes
        text: Yes
        correct: true
        explanation: Because the lesson says so, clearly.
      - id: no
        text: No
        explanation: Because the lesson says otherwise.
      - id: maybe
        text: Maybe
        explanation: Because the lesson is clear about it.
      - id: never
        text: Never
        explanation: Because the lesson says it happens.`,
  )
  .join("\n")}`;

function lesson(front: Record<string, string>, body = "Hello.\n\n<Quiz />\n"): string {
  const fm = {
    title: "A lesson",
    summary: "What this lesson is about.",
    minutes: "10",
    objectives: '["Do a thing"]',
    ...front,
  };
  const lines = Object.entries(fm)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join("\n")}\n${quiz}\n---\n${body}`;
}

let root: string;
const moduleDir = () => path.join(root, "01-test");
const write = (name: string, text: string) => fs.writeFileSync(path.join(moduleDir(), name), text);

beforeEach(() => {
  root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-content-")), "content");
  fs.mkdirSync(path.join(root, "01-test"), { recursive: true });
  write(
    "module.json",
    JSON.stringify({ title: "Test module", summary: "A module for tests.", attribution: "Nobody, CC0 for tests." }),
  );
});

afterEach(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

function expectContentError(reason: RegExp, file = "content/01-test/01-a.mdx"): void {
  try {
    loadCatalog(root);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).file).toBe(file);
    expect((error as ContentError).message).toMatch(reason);
    return;
  }
  throw new Error("loadCatalog accepted broken content");
}

describe("loadCatalog", () => {
  it("loads valid lessons in file order with ids, hrefs and neighbours", () => {
    write("02-b.mdx", lesson({ title: "Second" }));
    write(
      "01-a.mdx",
      lesson({ lab: "wka" }, "See [the next one](/modules/01-test/02-b) and [a lab](/labs/wka).\n\n<Quiz />\n"),
    );
    const catalog = loadCatalog(root);
    const [a, b] = allLessons(catalog);
    expect(a?.id).toBe("01-test/01-a");
    expect(a?.href).toBe("/modules/01-test/01-a");
    expect(a?.frontmatter.lab).toBe("wka");
    expect(b?.frontmatter.title).toBe("Second");
    expect(a && neighbours(catalog, a).next?.id).toBe("01-test/02-b");
  });

  it("names the file and the field for invalid frontmatter", () => {
    write("01-a.mdx", lesson({ minutes: '"ten"' }));
    expectContentError(/invalid frontmatter: minutes/);
  });

  it("rejects a missing title and unknown keys", () => {
    write("01-a.mdx", lesson({ title: "", colour: "blue" }));
    expectContentError(/title.*|colour/);
  });

  it("rejects an unknown lab id in frontmatter and in a LabCard", () => {
    write("01-a.mdx", lesson({ lab: "no-such-lab" }));
    expectContentError(/unknown lab id "no-such-lab"/);
    write("01-a.mdx", lesson({}, '<LabCard id="nope" />\n\n<Quiz />\n'));
    expectContentError(/LabCard id="nope"/);
  });

  it("rejects broken internal links, components outside the map, and a missing quiz", () => {
    write("01-a.mdx", lesson({}, "[x](/modules/01-test/09-missing)\n\n<Quiz />\n"));
    expectContentError(/broken internal link \/modules\/01-test\/09-missing/);
    write("01-a.mdx", lesson({}, "<Marquee>hi</Marquee>\n\n<Quiz />\n"));
    expectContentError(/component <Marquee> is not in the lesson components map/);
    write("01-a.mdx", lesson({}, "No quiz here.\n"));
    expectContentError(/exactly once/);
  });

  it("rejects code fences in languages we do not highlight", () => {
    write("01-a.mdx", lesson({}, "```cobol\nDISPLAY 'HI'.\n```\n\n<Quiz />\n"));
    expectContentError(/code fence language "cobol"/);
  });

  it("rejects badly named files", () => {
    write("intro.mdx", lesson({}));
    expectContentError(/NN-lower-case-slug/, "content/01-test/intro.mdx");
  });
});

describe("reference pages", () => {
  const page = (body: string) =>
    `---\ntitle: A reference page\nsummary: Read this alongside the lessons.\n---\n${body}`;
  const writePage = (name: string, text: string) => {
    fs.mkdirSync(path.join(moduleDir(), "reference"), { recursive: true });
    fs.writeFileSync(path.join(moduleDir(), "reference", name), text);
  };

  it("loads content/<module>/reference/<slug>.mdx with its href, and lessons may link to it", () => {
    writePage("cheat-sheet.mdx", page("Ports. Back to [the lesson](/modules/01-test/01-a).\n"));
    write("01-a.mdx", lesson({}, "See [the cheat sheet](/modules/01-test/reference/cheat-sheet).\n\n<Quiz />\n"));
    const mod = loadCatalog(root).modules[0];
    expect(mod?.pages.map((p) => [p.slug, p.href, p.frontmatter.title])).toEqual([
      ["cheat-sheet", "/modules/01-test/reference/cheat-sheet", "A reference page"],
    ]);
    expect(mod?.lessons).toHaveLength(1);
  });

  it("rejects a quiz, a broken link, bad frontmatter and a bad file name, naming the page", () => {
    write("01-a.mdx", lesson({}));
    const file = "content/01-test/reference/p.mdx";
    writePage("p.mdx", page("<Quiz />\n"));
    expectContentError(/reference page has no knowledge check/, file);
    writePage("p.mdx", page("[x](/modules/01-test/reference/missing)\n"));
    expectContentError(/broken internal link/, file);
    writePage("p.mdx", "---\ntitle: T\n---\nHi\n");
    expectContentError(/invalid frontmatter/, file);
    fs.rmSync(path.join(moduleDir(), "reference", "p.mdx"));
    writePage("Bad Name.mdx", page("Hi\n"));
    expectContentError(/lower-case-slug/, "content/01-test/reference/Bad Name.mdx");
  });
});

describe("compileLesson", () => {
  it("reports MDX syntax errors with the file name", async () => {
    write("01-a.mdx", lesson({}, "<Callout>\nunclosed\n\n<Quiz />\n"));
    const [a] = allLessons(loadCatalog(root));
    if (!a) throw new Error("no lesson");
    await expect(compileLesson(a)).rejects.toThrow(/content\/01-test\/01-a\.mdx: MDX does not compile/);
  });

  it("compiles once per content hash, and again after a change", async () => {
    write("01-a.mdx", lesson({}, `Unique ${Date.now()} text.\n\n<Quiz />\n`));
    const [a] = allLessons(loadCatalog(root));
    if (!a) throw new Error("no lesson");
    const before = compileCountForTests();
    const [x, y] = await Promise.all([compileLesson(a), compileLesson(a)]);
    await compileLesson(a);
    expect(compileCountForTests() - before).toBe(1);
    expect(x).toBe(y);
    write("01-a.mdx", lesson({}, `Changed ${Date.now()} text.\n\n<Quiz />\n`));
    const [changed] = allLessons(loadCatalog(root));
    if (!changed) throw new Error("no lesson");
    expect(changed.hash).not.toBe(a.hash);
    await compileLesson(changed);
    expect(compileCountForTests() - before).toBe(2);
  });
});
