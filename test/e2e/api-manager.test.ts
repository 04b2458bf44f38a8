// The energy manager's API end to end over loopback: every method, every refusal naming its field, writes only with
// the owner's credential; the event stream (SSE): each event within a second, Last-Event-ID, 100 clients, a slow one.
import { connect, type Socket } from "node:net";
import { nodeRandom, nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import type { Timers, TimerHandle } from "../../hal/types";
import { deviceWebBox } from "../../src/web/box";
import { EVENTS } from "../../src/web/events";
import { WebServer } from "../../src/web/server";
import { reading } from "../app/readings";
import { virtualBox } from "../device/virtual-box";
import { rawExchange, type RawResponse } from "../web/raw-http";

const LOADS = [
  { id: "pac", name: "PAC", kind: "sg-ready", priority: 1, nominalPowerW: 2000, shedBy: ["red_peak", "overload"], probe: true, targetTemperatureC: 45 },
  { id: "pac2", name: "PAC garage", kind: "sg-ready", priority: 1, nominalPowerW: 1500 },
  { id: "ballon", name: "Ballon", kind: "water-heater", priority: 2, nominalPowerW: 2400, probe: true, targetTemperatureC: 55, legionella: false },
  { id: "borne", name: "Borne", kind: "modulating", priority: 3, nominalPowerW: 7400, minPowerW: 1400 },
  { id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 },
];
const PASSWORD = "une phrase de passe du propriétaire";

/** Timers that count what is armed, so a test can see the event stream leaves none behind. */
function countingTimers(inner: Timers): Timers & { active: Set<TimerHandle> } {
  const active = new Set<TimerHandle>();
  return {
    active,
    setTimeout(cb, ms) {
      const h: TimerHandle = inner.setTimeout(() => {
        active.delete(h);
        cb();
      }, ms);
      active.add(h);
      return h;
    },
    setInterval(cb, ms) {
      const h = inner.setInterval(cb, ms);
      active.add(h);
      return h;
    },
    clear(h) {
      active.delete(h);
      inner.clear(h);
    },
  };
}

let server: WebServer;
let box: ReturnType<typeof virtualBox>;
let timers: ReturnType<typeof countingTimers>;
let token: string;
let cookie: string;
let csrf: string;

async function call(method: string, path: string, o: { json?: unknown; bearer?: string | null; session?: boolean; headers?: [string, string][] } = {}): Promise<RawResponse & { json: any }> {
  const port = server.port as number;
  const headers: [string, string][] = [["Host", `127.0.0.1:${port}`], ...(o.headers ?? [])];
  const bearer = o.bearer === undefined ? token : o.bearer;
  if (o.session) headers.push(["Cookie", cookie], ["X-CSRF-Token", csrf]);
  else if (bearer !== null) headers.push(["Authorization", `Bearer ${bearer}`]);
  if (o.json !== undefined) headers.push(["Content-Type", "application/json"]);
  const r = await rawExchange(port, { method, path, headers, body: o.json === undefined ? undefined : typeof o.json === "string" ? o.json : JSON.stringify(o.json) });
  let json: unknown;
  try {
    json = JSON.parse(r.body);
  } catch {
    json = undefined;
  }
  return { ...r, json };
}

beforeAll(async () => {
  box = virtualBox({ atIso: "2026-01-14T23:00:00+01:00", defaultLoads: LOADS });
  box.device.start();
  box.device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hc", powerVA: 1500 }) });
  timers = countingTimers(nodeTimers);
  server = new WebServer({ tcp: new NodeTcpNetwork(), timers, random: nodeRandom, logger: { log: () => undefined }, box: deviceWebBox(box.device, box.time, box.core.settings), store: box.store, clock: box.time }, { port: 0, bind: "127.0.0.1" });
  await server.start();
  const first = await rawExchange(server.port as number, { method: "POST", path: "/setup-password", headers: [["Host", `127.0.0.1:${server.port}`], ["Content-Type", "application/x-www-form-urlencoded"]], body: new URLSearchParams({ password: PASSWORD, password2: PASSWORD }).toString() });
  expect(first.status).toBe(303);
  const login = await call("POST", "/api/login", { json: { password: PASSWORD }, bearer: null });
  cookie = (login.headers["set-cookie"] ?? "").split(";")[0];
  csrf = login.json.csrfToken;
  const made = await call("POST", "/api/tokens", { json: { name: "domotique" }, session: true });
  token = made.json.token;
  expect(token).toMatch(/^dl_/);
});

afterAll(() => {
  server.close();
  box.device.stop();
});

describe("REST: every method", () => {
  test("GET /api/managed-loads: every load with kind, priority, requested/allocated power, state and reason", async () => {
    const r = await call("GET", "/api/managed-loads", { bearer: null });
    expect(r.status).toBe(200);
    expect(r.json.totalAvailablePowerW).toBe(8500);
    const pac = r.json.loads.find((l: { id: string }) => l.id === "pac");
    expect(pac).toMatchObject({ kind: "sg-ready", priority: 1, requestedW: 2000, allocatedW: 2000, state: "sg-recommended", reason: "sg_recommended" });
    expect(r.json.loads.map((l: { id: string }) => l.id)).toEqual(LOADS.map((l) => l.id));
  });

  test("PUT /api/managed-loads/:id/priority", async () => {
    const r = await call("PUT", "/api/managed-loads/salon/priority", { json: { priority: 4 } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: "salon", priority: 4 });
    expect(box.device.snapshot()?.loads.find((l) => l.id === "salon")?.priority).toBe(4);
  });

  test("PUT /api/managed-loads/:id/power forces a modulating load's power, null gives it back to the budget", async () => {
    box.time.advance(60_000); // its minimum off time since the budget cut it
    const r = await call("PUT", "/api/managed-loads/borne/power", { json: { powerW: 3000 } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: "borne", allocatedW: 3000, reason: "forced_on", forcedPowerW: 3000 });
    const back = await call("PUT", "/api/managed-loads/borne/power", { json: { powerW: null } });
    expect(back.json.forcedPowerW).toBeNull();
    expect(back.json.reason).not.toBe("forced_on");
  });

  test("GET/PUT /api/available-power", async () => {
    const get = await call("GET", "/api/available-power", { bearer: null });
    expect(get.json).toMatchObject({ totalAvailablePowerW: 8500, source: "meter", availablePowerW: null });
    const put = await call("PUT", "/api/available-power", { json: { availablePowerW: 6000 } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ totalAvailablePowerW: 6000, source: "setting", availablePowerW: 6000 });
    const auto = await call("PUT", "/api/available-power", { json: { availablePowerW: null } });
    expect(auto.json).toMatchObject({ totalAvailablePowerW: 8500, source: "meter" });
  });

  test("heat pumps: list, power off/on, SG-Ready mode, target temperature where a probe exists", async () => {
    const list = await call("GET", "/api/heat-pumps", { bearer: null });
    expect(list.json.heatPumps.map((h: { id: string }) => h.id)).toEqual(["pac", "pac2"]);
    expect(list.json.heatPumps[0]).toMatchObject({ id: "pac", sgState: 3, mode: "auto", probe: true, targetTemperatureC: 45 });
    box.time.advance(600_000); // the least time between two SG-Ready states (the budget tests moved it)
    const off = await call("POST", "/api/heat-pumps/pac/power", { json: { on: false } });
    expect(off.json).toMatchObject({ mode: "lock", sgState: 1, reason: "forced_off" });
    const on = await call("POST", "/api/heat-pumps/pac/power", { json: { on: true } });
    expect(on.json.mode).toBe("auto");
    expect(on.json.detail).toMatch(/held by min_state_change/); // locked a moment ago: the compressor waits
    box.time.advance(600_000); // back to recommended (the tick's pass)
    box.time.advance(600_000); // and the least time again before the next state
    const forced = await call("PUT", "/api/heat-pumps/pac/mode", { json: { mode: "forced", durationMs: 3_600_000 } });
    expect(forced.json).toMatchObject({ mode: "forced", sgState: 4 });
    expect(forced.json.modeUntilMs).toBe(box.time.nowMs() + 3_600_000);
    const auto = await call("PUT", "/api/heat-pumps/pac/mode", { json: { mode: "auto" } });
    expect(auto.json.mode).toBe("auto");
    const target = await call("PUT", "/api/heat-pumps/pac/target", { json: { targetTemperatureC: 50 } });
    expect(target.status).toBe(200);
    expect(target.json.targetTemperatureC).toBe(50);
  });

  test("hot water: list, power, target, boost and its cancel", async () => {
    box.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 48.5 });
    const list = await call("GET", "/api/hot-water", { bearer: null });
    expect(list.json.hotWater[0]).toMatchObject({ id: "ballon", probe: true, temperatureC: 48.5, targetTemperatureC: 55, heatIn: "hc", boostUntilMs: null });
    const target = await call("PUT", "/api/hot-water/ballon/target", { json: { targetTemperatureC: 60 } });
    expect(target.json.targetTemperatureC).toBe(60);
    const boost = await call("POST", "/api/hot-water/ballon/boost", { json: { durationMin: 30 } });
    expect(boost.status).toBe(200);
    expect(boost.json.boostUntilMs).toBe(box.time.nowMs() + 30 * 60_000);
    expect(boost.json.reason).toBe("dhw_boost");
    const cancel = await call("DELETE", "/api/hot-water/ballon/boost");
    expect(cancel.json.boostUntilMs).toBeNull();
    box.time.advance(60_000); // its minimum on time
    const off = await call("POST", "/api/hot-water/ballon/power", { json: { on: false } });
    expect(off.json).toMatchObject({ on: false, override: "off", reason: "forced_off" });
    const on = await call("POST", "/api/hot-water/ballon/power", { json: { on: true } });
    expect(on.json.override).toBe("auto");
  });
});

describe("REST: every refusal names its field and why, and changes nothing", () => {
  const CASES: [string, string, unknown, number, string][] = [
    ["PUT", "/api/managed-loads/salon/priority", { priority: 7 }, 400, "priority"],
    ["PUT", "/api/managed-loads/salon/priority", { priority: "2" }, 400, "priority"],
    ["PUT", "/api/managed-loads/nope/priority", { priority: 1 }, 404, "id"],
    ["PUT", "/api/managed-loads/salon/power", { powerW: 1000 }, 400, "id"],
    ["PUT", "/api/managed-loads/borne/power", { powerW: 9000 }, 400, "powerW"],
    ["PUT", "/api/managed-loads/borne/power", { powerW: -1 }, 400, "powerW"],
    ["PUT", "/api/available-power", { availablePowerW: -5 }, 400, "availablePowerW"],
    ["PUT", "/api/available-power", {}, 400, "availablePowerW"],
    ["POST", "/api/heat-pumps/pac/power", { on: "yes" }, 400, "on"],
    ["POST", "/api/heat-pumps/pac/power", { on: false, durationMs: 0 }, 400, "durationMs"],
    ["PUT", "/api/heat-pumps/pac/mode", { mode: "turbo" }, 400, "mode"],
    ["PUT", "/api/heat-pumps/pac2/target", { targetTemperatureC: 45 }, 400, "targetTemperatureC"],
    ["PUT", "/api/heat-pumps/pac/target", { targetTemperatureC: 90 }, 400, "targetTemperatureC"],
    ["PUT", "/api/heat-pumps/ballon/mode", { mode: "auto" }, 400, "id"],
    ["PUT", "/api/hot-water/ballon/target", { targetTemperatureC: 39 }, 400, "targetTemperatureC"],
    ["PUT", "/api/hot-water/ballon/target", { targetTemperatureC: 76 }, 400, "targetTemperatureC"],
    ["POST", "/api/hot-water/ballon/boost", { durationMin: 10 }, 400, "durationMin"],
    ["POST", "/api/hot-water/ballon/boost", { durationMin: 121 }, 400, "durationMin"],
    ["POST", "/api/hot-water/pac/boost", { durationMin: 30 }, 400, "id"],
    ["POST", "/api/hot-water/ballon/boost", "not json", 400, "body"],
    ["GET", "/api/hot-water/ballon/boost", undefined, 405, "method"],
    ["DELETE", "/api/managed-loads", undefined, 405, "method"],
  ];
  test.each(CASES)("%s %s %j → %i naming %s", async (method, path, body, status, field) => {
    const before = JSON.stringify([box.device.snapshot(), server.auth.tokens()]);
    const r = await call(method, path, { json: body });
    expect(r.status).toBe(status);
    expect(r.json.errors[0].field).toBe(field);
    expect(r.json.errors[0].message.length).toBeGreaterThan(5);
    expect(JSON.stringify([box.device.snapshot(), server.auth.tokens()])).toBe(before);
  });

  test("a write without credentials gets 401, a session without its CSRF token 403; nothing changes", async () => {
    const before = JSON.stringify(box.device.snapshot());
    const none = await call("POST", "/api/hot-water/ballon/boost", { json: { durationMin: 30 }, bearer: null });
    expect(none.status).toBe(401);
    expect(none.json.errors[0].field).toBe("authorization");
    const revoked = await call("PUT", "/api/managed-loads/salon/priority", { json: { priority: 1 }, bearer: "dl_00000000_" + "0".repeat(32) });
    expect(revoked.status).toBe(401);
    const noCsrf = await call("PUT", "/api/available-power", { json: { availablePowerW: 3000 }, bearer: null, headers: [["Cookie", cookie]] });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.errors[0].field).toBe("x-csrf-token");
    expect(JSON.stringify(box.device.snapshot())).toBe(before);
  });
});

/** A raw SSE client: its parsed events, and what it has read. */
interface SseClient {
  socket: Socket;
  status: Promise<number>;
  events: { id?: string; event?: string; data?: any }[];
  text: () => string;
  next(name: string, withinMs: number, match?: (data: any) => boolean): Promise<{ id?: string; event?: string; data?: any }>;
  closed: Promise<void>;
}

function sse(o: { bearer?: string | null; cookie?: string; lastEventId?: string } = {}): SseClient {
  const socket = connect({ host: "127.0.0.1", port: server.port as number });
  let raw = "";
  const events: SseClient["events"] = [];
  let resolveStatus: (n: number) => void;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const waiters: (() => void)[] = [];
  socket.setEncoding("utf8");
  socket.on("data", (d: string) => {
    raw += d;
    const m = /^HTTP\/1\.1 (\d{3})/.exec(raw);
    if (m) resolveStatus(Number(m[1]));
    const head = raw.indexOf("\r\n\r\n");
    if (head < 0) return;
    events.length = 0;
    for (const block of raw.slice(head + 4).split("\n\n")) {
      if (!block.includes("event:")) continue;
      const e: { id?: string; event?: string; data?: any } = {};
      for (const line of block.split("\n")) {
        const [k, ...v] = line.split(": ");
        if (k === "id") e.id = v.join(": ");
        if (k === "event") e.event = v.join(": ");
        if (k === "data") e.data = JSON.parse(v.join(": "));
      }
      if (e.data !== undefined) events.push(e);
    }
    for (const w of waiters.splice(0)) w();
  });
  socket.on("error", () => undefined);
  const closed = new Promise<void>((r) => socket.on("close", () => r()));
  const headers = [`GET /api/events HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, "Accept: text/event-stream"];
  const bearer = o.bearer === undefined ? token : o.bearer;
  if (o.cookie) headers.push(`Cookie: ${o.cookie}`);
  else if (bearer !== null) headers.push(`Authorization: Bearer ${bearer}`);
  if (o.lastEventId) headers.push(`Last-Event-ID: ${o.lastEventId}`);
  socket.write(headers.join("\r\n") + "\r\n\r\n");
  const client: SseClient = {
    socket,
    status,
    events,
    text: () => raw,
    closed,
    next(name, withinMs, match = () => true) {
      const find = () => events.find((e) => e.event === name && match(e.data));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} within ${withinMs} ms; got ${events.map((e) => e.event).join(", ")}`)), withinMs);
        const check = () => {
          const e = find();
          if (e) {
            clearTimeout(timer);
            resolve(e);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
  return client;
}

const waitFor = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("events (SSE)", () => {
  test("GET /api/events needs the owner's credentials: 401 without, a stream with a token or a session", async () => {
    const anon = await call("GET", "/api/events", { bearer: null });
    expect(anon.status).toBe(401);
    expect(anon.json.errors[0].field).toBe("authorization");
    const foreign = await call("GET", "/api/events", { session: true, headers: [["Origin", "http://evil.example"]] });
    expect(foreign.status).toBe(403);
    expect(foreign.json.errors[0].field).toBe("origin");
    const viaSession = sse({ cookie });
    expect(await viaSession.status).toBe(200);
    viaSession.socket.destroy();
    await viaSession.closed;
  });

  test("each event within a second of the change: ManagedLoadChanged, HeatPumpStateChanged, DHWStateChanged, TotalAvailablePowerChanged, TariffChanged, ModeChanged", async () => {
    const c = sse();
    expect(await c.status).toBe(200);
    expect(c.text()).toContain("Content-Type: text/event-stream");
    await waitFor(() => server.events?.clientCount === 1);
    // A priority (no decision moves): ManagedLoadChanged from the settings.
    await call("PUT", "/api/managed-loads/salon/priority", { json: { priority: 3 } });
    expect((await c.next("ManagedLoadChanged", 1000, (d) => d.id === "salon")).data).toMatchObject({ id: "salon", priority: 3 });
    // The heat pump locked by the owner (past the least time between two SG-Ready states).
    box.time.advance(1_200_000);
    await call("PUT", "/api/heat-pumps/pac/mode", { json: { mode: "lock" } });
    expect((await c.next("HeatPumpStateChanged", 1000, (d) => d.sgState === 1)).data).toMatchObject({ id: "pac", sgState: 1, reason: "forced_off" });
    // A probe reading: DHWStateChanged.
    box.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 51 });
    expect((await c.next("DHWStateChanged", 1000, (d) => d.temperatureC === 51)).data).toMatchObject({ id: "ballon", temperatureC: 51 });
    await call("PUT", "/api/available-power", { json: { availablePowerW: 7000 } });
    expect((await c.next("TotalAvailablePowerChanged", 1000, (d) => d.totalAvailablePowerW === 7000)).data).toEqual({ totalAvailablePowerW: 7000, source: "setting" });
    box.time.advance(7 * 3_600_000); // 06:00: a white day begins
    box.device.dispatch({ type: "tic-frame", reading: reading({ colour: "white", period: "hp", powerVA: 1500 }) });
    expect((await c.next("TariffChanged", 1000, (d) => d.colour === "white")).data).toMatchObject({ colour: "white", period: "hp" });
    await call("POST", "/api/mode", { json: { mode: "HEAT" } });
    expect((await c.next("ModeChanged", 1000, (d) => d.mode === "HEAT")).data).toMatchObject({ mode: "HEAT" });
    // Ids rise by one.
    const ids = c.events.map((e) => Number(e.id));
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe(ids[i - 1] + 1);
    await call("POST", "/api/mode", { json: { mode: "AUTO" } });
    await call("PUT", "/api/heat-pumps/pac/mode", { json: { mode: "auto" } });
    c.socket.destroy();
    await c.closed;
  });

  test("Last-Event-ID resumes after the last event seen; an id that left the ring gets Reset", async () => {
    const a = sse();
    expect(await a.status).toBe(200);
    await call("PUT", "/api/managed-loads/salon/priority", { json: { priority: 2 } });
    const seen = await a.next("ManagedLoadChanged", 1000);
    a.socket.destroy();
    await a.closed;
    // Missed while away:
    await call("PUT", "/api/managed-loads/salon/priority", { json: { priority: 4 } });
    box.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 52 });
    const b = sse({ lastEventId: seen.id });
    await b.next("DHWStateChanged", 1000);
    expect(Number(b.events[0].id)).toBe(Number(seen.id) + 1);
    expect(b.events.some((e) => e.event === "ManagedLoadChanged" && e.data.id === "salon" && e.data.priority === 4)).toBe(true);
    b.socket.destroy();
    await b.closed;
    const stale = sse({ lastEventId: "1" });
    // Run more than the ring through, then ask from the very first id.
    for (let i = 0; i < EVENTS.ringSize; i++) box.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 40 + i / 16 });
    stale.socket.destroy();
    const c = sse({ lastEventId: "1" });
    await waitFor(() => c.text().includes("event: Reset"), 1000);
    c.socket.destroy();
    await c.closed;
  });

  test("100 clients connect and disconnect: at most 4 streams at once (429 naming the field), none left: no connection, timer or stream", async () => {
    await waitFor(() => server.events?.clientCount === 0).catch(() => {
      throw new Error(`streams left: ${server.events?.clientCount} ${JSON.stringify(server.events?.stats)}`);
    });
    const armedBefore = timers.active.size;
    const statuses: number[] = [];
    for (let round = 0; round < 20; round++) {
      const batch = Array.from({ length: 5 }, () => sse());
      const got = await Promise.all(batch.map((c) => c.status));
      statuses.push(...got);
      expect(server.events?.clientCount).toBe(4);
      for (const c of batch) c.socket.destroy();
      await Promise.all(batch.map((c) => c.closed));
      await waitFor(() => server.events?.clientCount === 0 && server.connectionCount === 0);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(80);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    expect(server.events?.stats.clients).toBe(0);
    expect(timers.active.size).toBe(armedBefore);
    const full = await Promise.all(Array.from({ length: 4 }, () => sse()).map(async (c) => ({ c, s: await c.status })));
    const refused = await call("GET", "/api/events");
    expect(refused.status).toBe(429);
    expect(refused.json.errors[0].field).toBe("connections");
    for (const { c } of full) c.socket.destroy();
    await waitFor(() => server.events?.clientCount === 0);
  });

  test("a reader that stops reading is dropped once its queue passes 8 KiB; a reader that keeps up is not", async () => {
    const slow = sse();
    const fast = sse();
    expect(await slow.status).toBe(200);
    expect(await fast.status).toBe(200);
    await waitFor(() => server.events?.clientCount === 2);
    slow.socket.pause();
    // The fast reader keeps reading but no longer parses (this test sends megabytes).
    fast.socket.removeAllListeners("data");
    let fastBytes = 0;
    fast.socket.on("data", (d: string) => (fastBytes += d.length));
    const dropped = server.events?.stats.dropped ?? 0;
    const filler = "x".repeat(4_000);
    // Events fill the loopback's socket buffers (megabytes), then the server's own queue: the slow reader goes.
    let sent = 0;
    for (; sent < 5000 && server.events?.clientCount === 2; sent++) {
      server.events?.emit("ManagedLoadChanged", { id: "test", filler });
      if (sent % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    await waitFor(() => server.events?.clientCount === 1, 5000);
    expect(server.events?.stats.dropped).toBe(dropped + 1);
    // The one left is the fast reader, and it got everything sent so far.
    await waitFor(() => fastBytes >= sent * 4_000, 5000);
    expect(fast.socket.destroyed).toBe(false);
    slow.socket.destroy();
    fast.socket.destroy();
    await waitFor(() => server.events?.clientCount === 0);
  });
});
