/**
 * API Manager 2.6 distributed deployment (facts §9, puppet-apim v2.6.0.6 Pattern 3): five profiles — Key Manager,
 * Publisher, Store, Traffic Manager and two Gateways behind nginx — each a training node started with
 * `-Dprofile=<profile>` (ADR 0032), wired only by the URLs of its api-manager.xml, with AM/UM/REG on PostgreSQL.
 * Static checks read the files (file:line); behaviour checks publish, subscribe, call, throttle and revoke
 * through those URLs, so a wrong URL fails where it would in WSO2.
 */
import { fail, pass, verdict } from "@/lib/grading";
import {
  createDrill,
  describeView,
  findLogLines,
  findLogLinesIn,
  pollUntil,
  postgresDatabaseOwners,
  waitForAgreement,
} from "@/lib/grading/probes";
import { defineLab, defineLabCheck, type LabCheckContext } from "@/lib/labs";
import { APIM_LINT_RULES, parseApimEndpoint } from "@/lib/wso2-config";
import {
  callApi,
  describeHttp,
  newProbe,
  PASS_THROUGH,
  publish,
  revokeOnKm,
  SERVLET,
  statusOf,
  subscribe,
  waitForStatus,
} from "./traffic";
import {
  APIM_NODES,
  DATABASE_OF,
  DB_USER,
  datasourceProblems,
  GATEWAYS,
  loadNode,
  NODE_PROFILES,
  wiringProblems,
  type ApimNode,
} from "./wiring";

const README = "labs/apim-distributed/README.mdx";
/** A deployment reaches the gateways within this (the Publisher calls them synchronously). */
const DEPLOY_MS = 5_000;
/** "At once": a revoked token must be refused within this (no cache expiry waited for). */
const AT_ONCE_MS = 2_000;
/** The model's small tier (lib/carbon-node/apim/throttle.ts): 10 requests per minute. */
const TIER = "LabBronze";
const TIER_LIMIT = 10;
const THROTTLE_CALLS = 40;
/** How long after the loop each gateway may take to apply the TM's decision ("within a few seconds"). */
const THROTTLE_WAIT_MS = 10_000;

const databases = defineLabCheck({
  id: "databases",
  title: "Step 3: the three shared API-M databases exist, owned by wso2carbon",
  points: 2,
  hint: {
    nudge: "Which databases does PostgreSQL on db have? API-M 2.6 needs three shared ones.",
    lesson: `${README}, step 3: WSO2AM_DB (APIs, subscriptions, tokens), WSO2UM_DB (users) and WSO2REG_DB (registry), all owned by the user the profiles connect as (facts §7).`,
    fix: `In db/init.sql: CREATE DATABASE wso2am_db OWNER ${DB_USER}; and the same for wso2um_db and wso2reg_db; then \`lab down apim-distributed\` and \`lab up apim-distributed\`.`,
  },
  async run(ctx) {
    const names = Object.values(DATABASE_OF);
    const res = await postgresDatabaseOwners(ctx.exec, "db", names);
    if (!res.ok) return fail("the grader can query PostgreSQL on db", res.error);
    const observed = names.map((d) => (res.owners.has(d) ? `${d} (owner ${res.owners.get(d)})` : `no ${d}`)).join("; ");
    return verdict(
      names.every((d) => res.owners.get(d) === DB_USER),
      `${names.join(", ")} owned by ${DB_USER}`,
      observed,
    );
  },
});

const profileDatasources = defineLabCheck({
  id: "profile-datasources",
  title: "Step 4: each profile uses the databases the docs give it; Publisher and Store mount the registry",
  points: 3,
  hint: {
    nudge: "Open km, publisher and store's master-datasources.xml: where do WSO2AM_DB, WSO2UM_DB and WSO2REG_DB point?",
    lesson: `${README}, step 4: the Key Manager uses AM + UM; Publisher and Store use AM + UM + REG and mount /_system/config and /_system/governance on REG; Gateway and Traffic Manager keep the defaults (facts §7).`,
    fix: "In km/, publisher/ and store/ repository/conf/datasources/master-datasources.xml set each datasource's <url> to jdbc:postgresql://db:5432/<wso2am_db|wso2um_db|wso2reg_db> with user wso2carbon; in publisher/ and store/ registry.xml mount both paths on jdbc/WSO2REG_DB.",
  },
  async run(ctx) {
    const problems: Array<string> = [];
    for (const node of ["km", "publisher", "store"] as const)
      problems.push(...datasourceProblems(await loadNode(ctx.workspace, node)));
    const expected =
      "km: AM+UM; publisher and store: AM+UM+REG on db:5432 as wso2carbon, registry mounted on WSO2REG_DB";
    return problems.length === 0
      ? pass(expected, "every profile's datasources and mounts as documented")
      : fail(expected, problems.join("; "));
  },
});

const profileWiring = defineLabCheck({
  id: "profile-wiring",
  title: "Step 5: every api-manager.xml URL points at the profile the docs name",
  points: 3,
  hint: {
    nudge:
      "A fresh pack points every URL at localhost. Walk the files in the documented order: KM, Publisher, Store, TM, Gateways.",
    lesson: `${README}, step 5: Publisher and KM list both gateways' admin services (https://gwN:9443/services/); the Store gets tokens from https://km:9443/services/; gateways validate at the KM and send events to tcp://tm:9611, take decisions from tcp://tm:5672; RevokeAPIURL is a gateway's https://gwN:8243/revoke.`,
    fix: "Fix each file:line the check names, then `lab down apim-distributed` and `lab up apim-distributed`.",
  },
  async run(ctx) {
    const problems: Array<string> = [];
    for (const node of APIM_NODES) problems.push(...wiringProblems(await loadNode(ctx.workspace, node)));
    const expected =
      "each profile's api-manager.xml URLs name km, tm, gw1 and gw2 on WSO2's ports (puppet-apim Pattern 3)";
    return problems.length === 0 ? pass(expected, "every URL as documented") : fail(expected, problems.join("; "));
  },
});

const publishCheck = defineLabCheck({
  id: "publish",
  title: "An API published on the Publisher is deployed on both gateways",
  points: 3,
  timeoutMs: 30_000,
  hint: {
    nudge: "Publish an API (README, step 7) and read the publisher's log: which gateway environments did it reach?",
    lesson: `${README}, step 5: the Publisher deploys an API to every APIGateway Environment of its api-manager.xml, through the environment's ServerURL (the gateway's admin services on 9443).`,
    fix: "In publisher/repository/conf/api-manager.xml give <APIGateway><Environments> one <Environment> per gateway with <ServerURL>https://gw1:9443/services/</ServerURL> (and gw2).",
  },
  async run(ctx) {
    const probe = newProbe();
    const published = await publish(ctx, probe);
    const observed = [published.observed];
    let ok = published.ok;
    for (const gw of GATEWAYS) {
      // Deployed = the API answers, 401 without a token; a gateway without it answers 404.
      const deployed = await waitForStatus(ctx, gw, probe, null, 401, published.ok ? DEPLOY_MS : 1_000);
      if (!deployed.satisfied) ok = false;
      observed.push(
        `${gw} ${probe.context}: ${deployed.satisfied ? "deployed (401 without a token)" : describeHttp(deployed.value)}`,
      );
    }
    const expected = `${probe.context} published to gw1 and gw2: both answer it (401 without a token)`;
    return ok
      ? pass(expected, observed.join("; "))
      : fail(
          expected,
          observed.join("; "),
          await findLogLines(ctx.logTail, "publisher", /clusterlab\.apim\.Publisher/, 100),
        );
  },
});

const tokenCheck = defineLabCheck({
  id: "token",
  title: "A Store subscription gets a token from the Key Manager: 200 through nginx; a wrong token 401",
  points: 3,
  timeoutMs: 30_000,
  hint: {
    nudge:
      "Subscribe in the Store, then call the API through nginx with the token. Which hop fails: Store -> KM, or gateway -> KM?",
    lesson: `${README}, step 5: the Store logs users in at the Key Manager (AuthManager/ServerURL) and gets tokens from it (APIKeyValidator/ServerURL); the gateways validate tokens there too (APIKeyValidator/ServerURL); all must use the Publisher's WSO2AM_DB (step 4).`,
    fix: "store: <AuthManager><ServerURL> and <APIKeyValidator><ServerURL> both https://km:9443/services/; gw1 and gw2: <APIKeyValidator><ServerURL>https://km:9443/services/</ServerURL>; WSO2AM_DB on db for km, publisher and store.",
  },
  async run(ctx) {
    const probe = newProbe();
    const published = await publish(ctx, probe);
    if (!published.ok) return fail("the Publisher publishes the probe API (check publish)", published.observed);
    const sub = await subscribe(ctx, probe);
    if (!sub.ok)
      return fail(
        "the Store subscribes and gets a token from the Key Manager",
        sub.observed,
        await findLogLinesIn(ctx.logTail, ["store", "km"], /clusterlab\.apim/, 2),
      );
    const good = await callApi(ctx, "lb", probe, sub.token);
    const wrong = await callApi(ctx, "lb", probe, "not-a-token");
    const ok = statusOf(good) === 200 && statusOf(wrong) === 401;
    const observed = `with the token through nginx: ${describeHttp(good)}; with a wrong token: ${describeHttp(wrong)}`;
    return verdict(ok, "through nginx on 8280: 200 with the Store's token, 401 with a wrong one", observed);
  },
});

const throttling = defineLabCheck({
  id: "throttling",
  title: `Past the ${TIER} tier's limit both gateways answer 429, from the Traffic Manager's decision`,
  points: 3,
  timeoutMs: 60_000,
  hint: {
    nudge:
      "Call the API fast past the tier's limit and read tm's log: does it receive events? Do the gateways log a throttle decision?",
    lesson: `${README}, step 5: gateways send each request as an event to the TM's ReceiverUrlGroup (tcp://tm:9611); the TM counts per subscription and pushes a decision to every gateway subscribed to its JMS broker (tcp://tm:5672).`,
    fix: "gw1 and gw2: <ReceiverUrlGroup>tcp://tm:9611</ReceiverUrlGroup>, <AuthUrlGroup>ssl://tm:9711</AuthUrlGroup> and the TopicConnectionFactory brokerlist='tcp://tm:5672'.",
  },
  async run(ctx) {
    const probe = newProbe();
    const published = await publish(ctx, probe);
    if (!published.ok) return fail("the Publisher publishes the probe API (check publish)", published.observed);
    const sub = await subscribe(ctx, probe, TIER);
    if (!sub.ok) return fail(`a ${TIER} subscription with a token (check token)`, sub.observed);
    const counts = new Map<string, number>();
    let firstThrottled: number | null = null;
    for (let i = 0; i < THROTTLE_CALLS && firstThrottled === null; i++) {
      const gw = GATEWAYS[i % 2] ?? "gw1";
      const res = await callApi(ctx, gw, probe, sub.token);
      const key = `${gw} ${res.ok ? res.status : "error"}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (statusOf(res) === 429) firstThrottled = i + 1;
    }
    const observed = [
      `${firstThrottled === null ? `${THROTTLE_CALLS} calls, none throttled` : `first 429 at call ${firstThrottled}`} (${[...counts].map(([k, v]) => `${k}: ${v}`).join(", ")})`,
    ];
    // Events and decisions travel asynchronously (as in WSO2): a fast loop may end before the decision lands, so
    // what is graded is that both gateways refuse within THROTTLE_WAIT_MS after the loop, not during it.
    let ok = true;
    for (const gw of GATEWAYS) {
      const throttled = await waitForStatus(ctx, gw, probe, sub.token, 429, THROTTLE_WAIT_MS);
      if (!throttled.satisfied) ok = false;
      observed.push(
        `${gw}: ${throttled.satisfied ? `429 after ${(throttled.elapsedMs / 1000).toFixed(1)} s` : describeHttp(throttled.value)}`,
      );
    }
    const expected = `past ${TIER_LIMIT} calls a minute, gw1 and gw2 both answer 429 within ${THROTTLE_WAIT_MS / 1000} s`;
    if (ok) return pass(expected, observed.join("; "));
    return fail(
      expected,
      observed.join("; "),
      await findLogLinesIn(ctx.logTail, [...GATEWAYS, "tm"], /Traffic Manager|throttle|Throttle/, 2),
    );
  },
});

/** The gateway the KM's RevokeAPIURL names, read from km's api-manager.xml. */
async function revokeTarget(
  workspace: string,
): Promise<{ gateway: (typeof GATEWAYS)[number] | null; url: string | null }> {
  const km = await loadNode(workspace, "km");
  const url = km.config.apim?.revokeApiUrl ?? null;
  const host = url ? parseApimEndpoint(url)?.host : undefined;
  return { gateway: GATEWAYS.find((g) => g === host) ?? null, url };
}

/** Publish, subscribe and call `gateways` once each, so each has the token in its cache. */
async function cachedToken(ctx: LabCheckContext, gateways: ReadonlyArray<string>) {
  const probe = newProbe();
  const published = await publish(ctx, probe);
  if (!published.ok) return { ok: false as const, observed: published.observed };
  const sub = await subscribe(ctx, probe);
  if (!sub.ok) return { ok: false as const, observed: sub.observed };
  for (const gw of gateways) {
    const res = await callApi(ctx, gw, probe, sub.token);
    if (statusOf(res) !== 200)
      return { ok: false as const, observed: `${gw} before the revocation: ${describeHttp(res)}` };
  }
  return { ok: true as const, probe, token: sub.token };
}

const revoke = defineLabCheck({
  id: "revoke",
  title: "A token revoked on the Key Manager is refused at once by both gateways, cached or not",
  points: 3,
  timeoutMs: 90_000,
  hint: {
    nudge: "Both gateways cached the token. After the KM revokes it, which one still lets it through, and who told it?",
    lesson: `${README}, step 5: the KM calls RevokeAPIURL (a gateway's /revoke); that gateway drops the token and, with Hazelcast clustering on the gateways, the other gateways drop it too (facts §9: Hazelcast is optional, needed only for revocation across gateways).`,
    fix: 'km: <RevokeAPIURL>https://gw1:8243/revoke</RevokeAPIURL>; gw1 and gw2: repository/conf/axis2/axis2.xml clustering enable="true", wka, domain wso2.am.domain, members gw1:4000 and gw2:4000.',
  },
  async run(ctx) {
    // Hazelcast-style membership takes a few seconds after `up`: a revocation sent before gw1 and gw2 have joined
    // each other would reach only one of them, which is not what the learner's files say.
    const clustered = await Promise.all(
      GATEWAYS.map(async (gw) => (await loadNode(ctx.workspace, gw)).config.clustering.enabled),
    );
    const cluster = clustered.every(Boolean)
      ? await waitForAgreement(ctx, GATEWAYS, { timeoutMs: 45_000, intervalMs: 500 })
      : null;
    if (cluster && !cluster.satisfied)
      return fail(
        "gw1 and gw2 form one gateway cluster before the revocation",
        cluster.value.map(describeView).join("; "),
      );
    const clusterNote = cluster
      ? "gw1 and gw2 are one cluster"
      : `gateway clustering is off (${GATEWAYS.filter((_, i) => !clustered[i]).join(", ")}: axis2.xml clustering enable="false")`;
    const cached = await cachedToken(ctx, GATEWAYS);
    if (!cached.ok) return fail("a token both gateways accept (checks publish and token)", cached.observed);
    const revoked = await revokeOnKm(ctx, cached.token);
    const observed = [clusterNote, revoked.observed];
    let ok = true;
    for (const gw of GATEWAYS) {
      const refused = await waitForStatus(ctx, gw, cached.probe, cached.token, 401, AT_ONCE_MS);
      if (!refused.satisfied) ok = false;
      observed.push(
        `${gw}: ${refused.satisfied ? "401" : `${describeHttp(refused.value)} ${AT_ONCE_MS / 1000} s after the revocation`}`,
      );
    }
    const expected = `gw1 and gw2 refuse the revoked token (401) within ${AT_ONCE_MS / 1000} s`;
    return ok
      ? pass(expected, observed.join("; "))
      : fail(expected, observed.join("; "), await findLogLinesIn(ctx.logTail, ["km", ...GATEWAYS], /[Rr]evoke/, 2));
  },
});

const revokeWithoutHazelcast = defineLabCheck({
  id: "revoke-without-hazelcast",
  title: "Revocation does not need Hazelcast: with the other gateway stopped, RevokeAPIURL's gateway refuses at once",
  points: 2,
  timeoutMs: 90_000,
  hint: {
    nudge:
      "Which gateway does the KM's RevokeAPIURL name? With its cluster peer gone, does it still hear about a revocation?",
    lesson: `${README}, step 5: RevokeAPIURL is a direct call from the KM to a gateway; Hazelcast only spreads the news to the other gateways, and API-M runs without it (facts §9).`,
    fix: "km/repository/conf/api-manager.xml: <RevokeAPIURL>https://gw1:8243/revoke</RevokeAPIURL> (a gateway's pass-through HTTPS port 8243, path /revoke).",
  },
  async run(ctx) {
    const target = await revokeTarget(ctx.workspace);
    if (!target.gateway)
      return fail("km's RevokeAPIURL names gw1 or gw2", `RevokeAPIURL is ${target.url ?? "not set"}`);
    const other = target.gateway === "gw1" ? "gw2" : "gw1";
    const cached = await cachedToken(ctx, [target.gateway]);
    if (!cached.ok) return fail(`a token ${target.gateway} accepts (checks publish and token)`, cached.observed);
    const drill = createDrill(ctx.cluster, ctx.signal);
    const observed: Array<string> = [];
    let ok = false;
    try {
      await drill.stop(other);
      const revoked = await revokeOnKm(ctx, cached.token);
      observed.push(`${other} stopped (no Hazelcast peer)`, revoked.observed);
      const refused = await waitForStatus(ctx, target.gateway, cached.probe, cached.token, 401, AT_ONCE_MS);
      ok = refused.satisfied;
      observed.push(
        `${target.gateway}: ${refused.satisfied ? "401" : `${describeHttp(refused.value)} ${AT_ONCE_MS / 1000} s after the revocation`}`,
      );
    } finally {
      await drill.restore();
    }
    const expected = `with ${other} stopped, ${target.gateway} (RevokeAPIURL) refuses the revoked token within ${AT_ONCE_MS / 1000} s`;
    return verdict(ok, expected, observed.join("; "), drill.journal);
  },
});

const gatewayFailover = defineLabCheck({
  id: "gateway-failover",
  title: "Drill: stop gw1 and the API keeps answering through nginx from gw2; gw1 comes back",
  points: 3,
  timeoutMs: 120_000,
  hint: {
    nudge: "Stop gw1 (`lab node stop apim-distributed gw1`) and call the API through nginx: does every call succeed?",
    lesson: `${README}, step 6: nginx round-robins over both gateways' pass-through port 8280 and skips a failed one; each gateway has the API and validates tokens itself.`,
    fix: "In lb/nginx.conf list `server gw1:8280` and `server gw2:8280` in the upstream, with `proxy_next_upstream error timeout` and `proxy_connect_timeout 2s`.",
  },
  async run(ctx) {
    const cached = await cachedToken(ctx, []);
    if (!cached.ok) return fail("a published API and a token (checks publish and token)", cached.observed);
    const tally = async (n: number) => {
      const by = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const res = await callApi(ctx, "lb", cached.probe, cached.token, 8_000);
        const who =
          res.ok && res.status === 200 ? (res.headers["x-carbon-node"] ?? "?") : `failed (${describeHttp(res)})`;
        by.set(who, (by.get(who) ?? 0) + 1);
      }
      return by;
    };
    // Both gateways always named, zeros included: "gw2: 0" is the evidence of a one-gateway upstream.
    const show = (by: Map<string, number>) =>
      [...new Set([...GATEWAYS, ...by.keys()])].map((k) => `${k}: ${by.get(k) ?? 0}`).join(", ");
    const drill = createDrill(ctx.cluster, ctx.signal);
    const observed: Array<string> = [];
    let ok = true;
    try {
      const before = await tally(6);
      observed.push(`before: ${show(before)}`);
      if (!GATEWAYS.every((g) => (before.get(g) ?? 0) > 0)) ok = false;
      await drill.stop("gw1");
      const during = await tally(10);
      observed.push(`gw1 stopped: ${show(during)}`);
      if (during.get("gw2") !== 10) ok = false;
      await drill.start("gw1");
      const back = await pollUntil(
        () => tally(4),
        (by) => (by.get("gw1") ?? 0) > 0 && [...by.keys()].every((k) => !k.startsWith("failed")),
        {
          timeoutMs: 30_000,
          intervalMs: 1_000,
          signal: ctx.signal,
        },
      );
      observed.push(
        back.satisfied
          ? `gw1 back behind nginx after ${(back.elapsedMs / 1000).toFixed(1)} s`
          : `gw1 restarted but not back behind nginx in 30 s (${show(back.value)})`,
      );
      if (!back.satisfied) ok = false;
    } finally {
      await drill.restore();
    }
    const expected =
      "calls through nginx reach both gateways; with gw1 stopped all 10 answered by gw2; gw1 serves again after its restart";
    return verdict(ok, expected, observed.join("; "), drill.journal);
  },
});

const profileNode = (name: ApimNode, ports: Array<number>) => ({
  name,
  role: "carbon" as const,
  memoryMb: 192,
  // wso2server.sh -Dprofile=<profile>: the image entrypoint passes the command to the training node (ADR 0032).
  command: [`-Dprofile=${NODE_PROFILES[name]}`],
  ports,
});

export const apimDistributedLab = defineLab({
  id: "apim-distributed",
  title: "API Manager 2.6: a distributed deployment of five profiles",
  technique: "profiles",
  summary:
    "Key Manager, Publisher, Store, Traffic Manager and two Gateways behind nginx, each started with -Dprofile, wired by api-manager.xml URLs and shared PostgreSQL databases; then publish, subscribe, throttle, revoke and fail a gateway.",
  lessons: [{ title: "Module 06: API Manager profiles", href: "/labs/apim-distributed" }],
  topology: {
    nodes: [
      { name: "db", role: "postgres", memoryMb: 256, readyTimeoutMs: 60_000 },
      // Servlet HTTP 9763 (the node's own API, readiness) first; 9443 for the profiles' services and web apps.
      profileNode("km", [9763, SERVLET]),
      profileNode("publisher", [9763, SERVLET]),
      profileNode("store", [9763, SERVLET]),
      // 9611 and 5672 are reached by the gateways on the lab network only.
      profileNode("tm", [9763]),
      profileNode("gw1", [9763, SERVLET, PASS_THROUGH, 8243]),
      profileNode("gw2", [9763, SERVLET, PASS_THROUGH, 8243]),
      { name: "lb", role: "nginx", memoryMb: 64, ports: [PASS_THROUGH] },
    ],
  },
  runtimes: ["docker"],
  // The API-M lint rules see what profile-wiring and profile-datasources grade; as errors they would stop `lab up`
  // and skip every check, so the lab's own checks report them (with file:line) and the behaviour they break.
  lint: { ignore: APIM_LINT_RULES.map((r) => r.code) },
  checks: [
    databases,
    profileDatasources,
    profileWiring,
    publishCheck,
    tokenCheck,
    throttling,
    revoke,
    revokeWithoutHazelcast,
    gatewayFailover,
  ],
});
