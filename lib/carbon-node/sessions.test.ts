import { describe, expect, it } from "vitest";
import { createSessionStore, parseCookies, SESSION_TIMEOUT_MS } from "./sessions";

describe("in-memory sessions", () => {
  it("counts hits per JSESSIONID and expires idle sessions after Tomcat's 30 minutes", () => {
    let now = 0;
    const store = createSessionStore(() => now);
    const first = store.hit(undefined);
    expect(first).toMatchObject({ isNew: true, session: { count: 1 } });
    expect(first.session.id).toMatch(/^[0-9A-F]{32}$/);
    expect(store.hit(first.session.id)).toMatchObject({ isNew: false, session: { count: 2 } });
    expect(store.hit("UNKNOWN")).toMatchObject({ isNew: true });
    now += SESSION_TIMEOUT_MS + 1;
    expect(store.hit(first.session.id).isNew).toBe(true);
  });

  it("parses cookie headers", () => {
    expect(parseCookies("a=1; JSESSIONID=ABC ;b=")).toEqual({ a: "1", JSESSIONID: "ABC", b: "" });
    expect(parseCookies(undefined)).toEqual({});
  });
});
