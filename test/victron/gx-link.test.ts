// The GX link against a simulated GX over a real mosquitto on loopback: discovery, keep-alive (and the GX going
// silent without it), the ESS policy written and read back on a blue → red transition, the GX vanishing mid-write,
// a write the GX refuses, and a value out of range never sent.
import { nodeClock, nodeTimers } from "../../hal/node/clock";
import { nodeMqtt } from "../../hal/node/mqtt";
import type { Logger } from "../../hal/types";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { DEFAULT_ESS_POLICY, essPlan, essPolicyProblems, type EssPolicyTable } from "../../src/victron/ess-policy";
import { GxLink, type GxLinkOptions } from "../../src/victron/gx-link";
import { Broker, freePort, mosquittoPath } from "../mqtt/broker";
import { GxSimulator } from "../../host-sim/gx-sim";
import { until as pollUntil } from "../support/until";

const PORTAL = "c0619ab1f2e3";
/** Each wait is bounded: a link that never gets there fails in seconds, not at jest's timeout. */
const WAIT_MS = 8_000;
/**
 * The GX's 60 s silence and our ≤ 50 s keep-alive, scaled so a test lasts seconds: 1 s and 0.3 s keep the keep-alive
 * well inside the silence (as 50 s is inside 60 s) with room for a loaded test machine's timer jitter.
 */
const SILENCE_MS = 1_000;
const KEEPALIVE_MS = 300;
/** Read-back wait and retry scaled the same way (5 s → 250 ms, 10 min → 1.5 s). */
const LIMITS = Object.freeze({ confirmMs: 250, attempts: 3, retryAfterMs: 1_500 });

jest.setTimeout(60_000);

const until = <T>(what: string, probe: () => T | undefined | false, timeoutMs = WAIT_MS): Promise<T> => pollUntil(what, probe, timeoutMs);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Logged {
  level: string;
  message: string;
}

function collector(): { logger: Logger; lines: Logged[] } {
  const lines: Logged[] = [];
  return { lines, logger: { log: (level, message) => void lines.push({ level, message }) } };
}

const haveMosquitto = mosquittoPath() !== undefined;
const describeBroker = haveMosquitto ? describe : describe.skip;

describeBroker("GX link over a real broker", () => {
  let broker: Broker;
  let sim: GxSimulator;
  let link: GxLink;
  let log: ReturnType<typeof collector>;

  beforeEach(async () => {
    broker = new Broker(await freePort());
    await broker.start();
    sim = new GxSimulator({ port: broker.port, portalId: PORTAL, silenceAfterMs: SILENCE_MS, publishEveryMs: 50 });
    await sim.start();
    log = collector();
    link = new GxLink({ network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger: log.logger });
  });

  afterEach(async () => {
    link.stop();
    await sim.close();
    await broker.dispose();
  });

  const options = (over: Partial<GxLinkOptions> = {}): GxLinkOptions => ({
    host: "127.0.0.1",
    port: broker.port,
    portalId: "",
    clientId: "delesteur-test",
    keepaliveMs: KEEPALIVE_MS,
    stepMs: 50,
    limits: LIMITS,
    ...over,
  });

  test("finds the portal id, keeps the GX publishing with suppress-republish, and the GX falls silent without it", async () => {
    sim.set("system/0/Ac/Grid/L1/Power", -1200);
    sim.set("system/0/Dc/Battery/Soc", 87.5);
    link.start(options());
    await until("the portal id", () => link.status().portalId === PORTAL);
    const r = await until("readings", () => (link.readings().gridW === -1200 ? link.readings() : false));
    expect(r.socPct).toBe(87.5);
    await sleep(3 * KEEPALIVE_MS);
    // Only the first keep-alive of the session asks for a full publish; every later one suppresses it.
    expect(sim.keepalives.length).toBeGreaterThanOrEqual(3);
    expect(sim.keepalives[0].suppress).toBe(false);
    expect(sim.keepalives.slice(1).every((k) => k.suppress)).toBe(true);
    expect(sim.fullPublishes).toBe(1);
    // Gaps between keep-alives stay under the GX's silence time.
    for (let i = 1; i < sim.keepalives.length; i++) expect(sim.keepalives[i].atMs - sim.keepalives[i - 1].atMs).toBeLessThan(SILENCE_MS);
    expect(sim.alive()).toBe(true);

    // The box disappears: no keep-alive, and the GX stops publishing after its silence time.
    link.stop();
    await sleep(SILENCE_MS + 200);
    const before = sim.published;
    await sleep(300);
    expect(sim.alive()).toBe(false);
    expect(sim.published).toBe(before);
  });

  test("blue → red: the night charge for red, then the red day's floor and BatteryLife off, each read back", async () => {
    link.start(options({ portalId: PORTAL }));
    // A blue day at 14:00, tomorrow blue.
    link.setPlan(essPlan({ table: DEFAULT_ESS_POLICY, today: "blue", tomorrow: "blue", slot: 0, nowMs: parseIsoWithOffset("2026-01-14T14:00:00+01:00") }));
    await until("blue held", () => link.status().ess.done);
    expect(sim.settings.get("BatteryLife/MinimumSocLimit")).toBe(30);
    expect(sim.settings.get("BatteryLife/Schedule/Charge/0/Soc")).toBe(80);
    expect(sim.settings.get("BatteryLife/Schedule/Charge/0/Day")).toBe(7);
    expect(sim.settings.get("BatteryLife/Schedule/Charge/0/Start")).toBe(22 * 3600);
    expect(sim.settings.get("BatteryLife/Schedule/Charge/0/Duration")).toBe(8 * 3600);
    expect(sim.settings.get("BatteryLife/Schedule/Charge/0/AllowDischarge")).toBe(1);
    // BatteryLife written 1, moved to 2 by itself: read back as "on", not rewritten.
    expect(sim.settings.get("BatteryLife/State")).toBe(2);
    expect(sim.writes.filter((w) => w.path === "BatteryLife/State")).toHaveLength(0);

    // Tomorrow red is published: the night charge goes to 100 % with no discharge; the day part stays.
    const writesBefore = sim.writes.length;
    link.setPlan(essPlan({ table: DEFAULT_ESS_POLICY, today: "blue", tomorrow: "red", slot: 0, nowMs: parseIsoWithOffset("2026-01-14T17:00:00+01:00") }));
    await until("red night held", () => link.status().ess.done);
    expect(sim.settings.get("BatteryLife/Schedule/Charge/0/Soc")).toBe(100);
    expect(sim.settings.get("BatteryLife/Schedule/Charge/0/AllowDischarge")).toBe(0);
    expect(sim.writes.slice(writesBefore).map((w) => w.path).sort()).toEqual([
      "BatteryLife/Schedule/Charge/0/AllowDischarge",
      "BatteryLife/Schedule/Charge/0/Soc",
    ]);

    // 06:00, the red day: floor 25 %, BatteryLife off (10), read back.
    link.setPlan(essPlan({ table: DEFAULT_ESS_POLICY, today: "red", tomorrow: "unknown", slot: 0, nowMs: parseIsoWithOffset("2026-01-15T06:00:00+01:00") }));
    await until("red day held", () => link.status().ess.done);
    expect(sim.settings.get("BatteryLife/MinimumSocLimit")).toBe(25);
    expect(sim.settings.get("BatteryLife/State")).toBe(10);
    // Tomorrow unknown at 06:00: the night slot is left as the red night set it.
    expect(sim.settings.get("BatteryLife/Schedule/Charge/0/Soc")).toBe(100);
    expect(sim.writes.every((w) => w.applied)).toBe(true);
  });

  test("the GX vanishes mid-write: the link comes back and writes again until read back", async () => {
    link.start(options({ portalId: PORTAL }));
    await until("online", () => link.status().link.state === "online" && sim.keepalives.length > 0);
    let cut = false;
    sim.onWrite = (path) => {
      if (path !== "BatteryLife/MinimumSocLimit" || cut) return;
      cut = true;
      void broker.stop();
    };
    link.setPlan(essPlan({ table: DEFAULT_ESS_POLICY, today: "red", tomorrow: "red", slot: 1, nowMs: parseIsoWithOffset("2026-01-15T09:00:00+01:00") }));
    await until("the link down", () => link.status().link.state === "waiting");
    expect(link.status().ess.done).toBe(false);
    await sleep(300);
    await broker.start();
    await until("red held after the cut", () => link.status().ess.done, 15_000);
    expect(sim.settings.get("BatteryLife/MinimumSocLimit")).toBe(25);
    expect(sim.settings.get("BatteryLife/Schedule/Charge/1/Soc")).toBe(100);
    expect(link.status().link.connects).toBeGreaterThanOrEqual(2);
    // Nothing reported as refused: the write that vanished was simply sent again.
    expect(log.lines.filter((l) => l.message.includes("times, read back"))).toEqual([]);
  });

  test("a write the GX refuses is retried, reported, and tried again later", async () => {
    sim.refuse.add("BatteryLife/Schedule/Charge/0/Soc");
    const reports: string[] = [];
    link = new GxLink({ network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger: log.logger }, { report: (r) => void reports.push(`${r.level} ${r.message}`) });
    link.start(options({ portalId: PORTAL }));
    link.setPlan(essPlan({ table: DEFAULT_ESS_POLICY, today: "white", tomorrow: "white", slot: 0, nowMs: parseIsoWithOffset("2026-01-14T12:00:00+01:00") }));
    await until("the failure reported", () => reports.some((r) => r.startsWith("warn") && r.includes("Charge/0/Soc")));
    const entry = link.status().ess.entries.find((e) => e.path === "BatteryLife/Schedule/Charge/0/Soc");
    expect(entry?.state).toBe("failed");
    expect(entry?.problem).toBe("wrote 90 3 times, read back 100");
    expect(sim.writes.filter((w) => w.path === "BatteryLife/Schedule/Charge/0/Soc")).toHaveLength(3);
    // The others took.
    expect(link.status().ess.entries.filter((e) => e.state !== "held").map((e) => e.path)).toEqual(["BatteryLife/Schedule/Charge/0/Soc"]);
    expect(link.status().ess.done).toBe(false);
    // The GX takes it after all (its state changed): the retry after the wait holds it.
    sim.refuse.clear();
    await until("held on retry, and said", () => link.status().ess.done && reports.some((r) => r.startsWith("info") && r.includes("Charge/0/Soc = 90 read back")), LIMITS.retryAfterMs + WAIT_MS);
    expect(sim.settings.get("BatteryLife/Schedule/Charge/0/Soc")).toBe(90);
    expect(sim.writes.filter((w) => w.path === "BatteryLife/Schedule/Charge/0/Soc")).toHaveLength(4);
  });

  test("a policy out of Venus OS's range is refused by field and nothing outside the range reaches the GX", async () => {
    const bad: EssPolicyTable = { ...DEFAULT_ESS_POLICY, red: { ...DEFAULT_ESS_POLICY.red, targetSocPct: 120, minSocPct: 25 } };
    expect(essPolicyProblems(bad)).toEqual(["red.targetSocPct: must be a whole percentage 0–100, got 120"]);
    link.start(options({ portalId: PORTAL }));
    const plan = essPlan({ table: bad, today: "red", tomorrow: "red", slot: 0, nowMs: parseIsoWithOffset("2026-01-15T09:00:00+01:00") });
    expect(plan.problems).toEqual(["BatteryLife/Schedule/Charge/0/Soc: 120 outside 0…100"]);
    link.setPlan(plan);
    await until("the rest held", () => link.status().ess.done);
    expect(sim.writes.some((w) => w.path.endsWith("/Soc"))).toBe(false);
    expect(sim.writes.every((w) => w.applied)).toBe(true);
  });
});
