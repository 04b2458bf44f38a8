// A plug output against loopback devices that follow Shelly's and Tasmota's published HTTP APIs: every command read
// back, digest auth, a wrong password, a 500, a hang mid-body, silence, back-off, and the last known state kept.
import { nodeRandom, nodeTimers } from "../../hal/node/clock";
import { NodeHttpClient } from "../../hal/node/http-client";
import type { HttpClient, LogLevel, RemoteOutput } from "../../hal/types";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import { plugOutputsFor } from "../../src/plugs/factory";
import { PLUG_REQUEST_TIMEOUT_MS, PlugOutput } from "../../src/plugs/plug-output";
import { ExchangeGate, PLUG_IN_FLIGHT_ESP32 } from "../../src/plugs/gate";
import type { OutputSpec } from "../../src/plugs/config";
import { FakeShelly, FakeTasmota, type FakeDevice } from "./fake-devices";

jest.setTimeout(20_000);

const client = new NodeHttpClient();
const http: HttpClient = client;
const logs: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] = [];
const deps = { http, timers: nodeTimers, logger: { log: (level: LogLevel, message: string, fields?: Record<string, unknown>) => void logs.push({ level, message, fields }) }, random: nodeRandom, sha256: NOBLE_AUTH_PRIMITIVES.sha256 };
const devices: FakeDevice[] = [];
const built: PlugOutput[] = [];

async function device<T extends FakeDevice>(d: T): Promise<T> {
  devices.push(d);
  return d.start();
}

function plug(spec: OutputSpec, gate?: ExchangeGate): { output: PlugOutput; confirmed: (boolean | null)[]; powers: (number | null)[] } {
  const { plugs } = plugOutputsFor("heater", [spec], gate ? { ...deps, gate } : deps);
  const output = plugs[0];
  built.push(output);
  const confirmed: (boolean | null)[] = [];
  const powers: (number | null)[] = [];
  output.onConfirmed((on) => confirmed.push(on));
  output.onPower((w) => powers.push(w));
  return { output, confirmed, powers };
}

async function waitFor(what: string, check: () => boolean, withinMs = 8000): Promise<void> {
  const until = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterAll(() => client.close());

afterEach(async () => {
  for (const o of built.splice(0)) o.stop();
  await Promise.all(devices.splice(0).map((d) => d.close()));
  logs.length = 0;
});

describe("Shelly Gen2 over RPC", () => {
  test("an energised contact turns a socket plug off, read back with Switch.GetStatus; its power is reported", async () => {
    const shelly = await device(new FakeShelly(undefined, 1, true));
    shelly.powerW = 1480.6;
    const { output, confirmed, powers } = plug({ type: "shelly", host: shelly.host, channel: 0, wiring: "socket" });
    output.write(false); // released: the load runs, the plug stays on
    await waitFor("first confirmation", () => confirmed.length > 0);
    expect(confirmed).toEqual([false]);
    expect(powers).toEqual([1480.6]);
    output.write(true); // shed
    await waitFor("shed confirmed", () => confirmed.length > 1);
    expect(shelly.outputs[0]).toBe(false);
    expect(confirmed).toEqual([false, true]);
    expect(powers[powers.length - 1]).toBe(0);
    expect(shelly.requests).toEqual([
      "/rpc/Switch.Set?id=0&on=true",
      "/rpc/Switch.GetStatus?id=0",
      "/rpc/Switch.Set?id=0&on=false",
      "/rpc/Switch.GetStatus?id=0",
    ]);
    expect(output.status()).toMatchObject({ reachable: true, on: false, failures: 0 });
  });

  test("contact wiring: the relay closes for an energised contact (a pilot-wire diode), on channel 1 of a 2PM", async () => {
    const shelly = await device(new FakeShelly(undefined, 2));
    const { output, confirmed } = plug({ type: "shelly", host: shelly.host, channel: 1, wiring: "contact" });
    output.write(true);
    await waitFor("confirmed", () => confirmed.length > 0);
    expect(shelly.outputs).toEqual([false, true]);
    expect(confirmed).toEqual([true]);
  });

  test("digest: the 401 challenge is answered with SHA-256 as admin@realm, and the nonce reused with nc counting up", async () => {
    const shelly = await device(new FakeShelly("s3cret pw"));
    const { output, confirmed } = plug({ type: "shelly", host: shelly.host, channel: 0, password: "s3cret pw", wiring: "socket" });
    output.write(true);
    await waitFor("confirmed through digest", () => confirmed.length > 0);
    expect(confirmed).toEqual([true]);
    expect(shelly.outputs[0]).toBe(false);
    // One challenge, then the same nonce for the read-back with the count moved on: no second 401 round trip.
    expect(shelly.requests.length).toBe(3);
    expect(shelly.seenNc).toEqual(["00000001", "00000002"]);
    // A new nonce (the device restarted): one more challenge, answered.
    shelly.renewNonce();
    output.write(false);
    await waitFor("confirmed after a new nonce", () => confirmed.length > 1);
    expect(shelly.outputs[0]).toBe(true);
  });

  test("a wrong password, or none, is unreachable with why, and the password never reaches a log", async () => {
    const shelly = await device(new FakeShelly("right"));
    const wrong = plug({ type: "shelly", host: shelly.host, channel: 0, password: "wrong-one", wiring: "socket" });
    wrong.output.write(true);
    await waitFor("refused", () => wrong.confirmed.length > 0);
    expect(wrong.confirmed).toEqual([null]);
    expect(wrong.output.status()).toMatchObject({ reachable: false, error: "password refused (401)" });
    expect(shelly.outputs[0]).toBe(false);
    const none = plug({ type: "shelly", host: shelly.host, channel: 0, wiring: "socket" });
    none.output.write(true);
    await waitFor("refused", () => none.confirmed.length > 0);
    expect(none.output.status().error).toBe("the device asks for a password and none is set");
    expect(JSON.stringify(logs)).not.toContain("wrong-one");
  });

  test("a 500 is unreachable; the plug is retried with back-off and confirmed once it answers again", async () => {
    const shelly = await device(new FakeShelly());
    shelly.behaviour = "error-500";
    const { output, confirmed } = plug({ type: "shelly", host: shelly.host, channel: 0, wiring: "socket" });
    output.write(true);
    await waitFor("unreachable", () => confirmed.length > 0);
    expect(confirmed).toEqual([null]);
    expect(output.status()).toMatchObject({ reachable: false, error: "HTTP 500" });
    // Tries at 0, 1 s, 3 s: count them before it comes back.
    await new Promise((r) => setTimeout(r, 3500));
    const tries = shelly.requests.length;
    expect(tries).toBeGreaterThanOrEqual(3);
    expect(tries).toBeLessThanOrEqual(4);
    shelly.behaviour = "ok";
    await waitFor("confirmed after the device came back", () => confirmed.length > 1, 8000);
    expect(confirmed).toEqual([null, true]);
    expect(shelly.outputs[0]).toBe(false);
    expect(logs.map((l) => l.message)).toEqual(["plug unreachable; retrying with back-off", "plug answers again"]);
  });

  test("a plug that hangs mid-response times out: unreachable, and its last known state is kept", async () => {
    const shelly = await device(new FakeShelly());
    const { output, confirmed } = plug({ type: "shelly", host: shelly.host, channel: 0, wiring: "socket" });
    output.write(false);
    await waitFor("confirmed", () => confirmed.length > 0);
    shelly.behaviour = "hang-mid-body";
    const startedMs = Date.now();
    output.write(true);
    await waitFor("unreachable", () => confirmed.length > 1, PLUG_REQUEST_TIMEOUT_MS + 3000);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(PLUG_REQUEST_TIMEOUT_MS - 50);
    expect(confirmed).toEqual([false, null]);
    expect(output.status()).toMatchObject({ reachable: false, on: true, error: "timeout" });
  });

  test("a relay that does not take the command is sent it again, then confirmed when it does", async () => {
    const shelly = await device(new FakeShelly(undefined, 1, true));
    shelly.ignoreCommands = true;
    const { output, confirmed } = plug({ type: "shelly", host: shelly.host, channel: 0, wiring: "socket" });
    output.write(true);
    await waitFor("read back", () => confirmed.length > 0);
    expect(confirmed).toEqual([false]); // it says it is still on: the load still runs
    shelly.ignoreCommands = false;
    await waitFor("taken", () => confirmed.length > 1, 4000);
    expect(confirmed).toEqual([false, true]);
    expect(shelly.requests.filter((r) => r.startsWith("/rpc/Switch.Set")).length).toBe(2);
  });
});

describe("Tasmota over its command API", () => {
  test("Power1 On/Off with user and password in the query, read back, and the power from Status 8", async () => {
    const tasmota = await device(new FakeTasmota({ user: "admin", password: "p&ss=1" }));
    tasmota.powerW = 1987;
    const { output, confirmed, powers } = plug({ type: "tasmota", host: tasmota.host, relay: 1, user: "admin", password: "p&ss=1", wiring: "socket" });
    output.write(false);
    await waitFor("on confirmed", () => confirmed.length > 0);
    expect(tasmota.outputs[0]).toBe(true);
    expect(powers).toEqual([1987]);
    output.write(true);
    await waitFor("off confirmed", () => confirmed.length > 1);
    expect(tasmota.outputs[0]).toBe(false);
    expect(confirmed).toEqual([false, true]);
    expect(tasmota.requests[0]).toBe("/cm?user=admin&password=p%26ss%3D1&cmnd=Power1%20On");
    expect(tasmota.requests.slice(1, 3)).toEqual(["/cm?user=admin&password=p%26ss%3D1&cmnd=Power1", "/cm?user=admin&password=p%26ss%3D1&cmnd=Status%208"]);
    expect(JSON.stringify(logs)).not.toContain("p&ss");
  });

  test("relay 2 of a multi-relay board answers POWER2; a wrong password is a 401 shown as refused", async () => {
    const board = await device(new FakeTasmota(undefined, 2));
    const { output, confirmed } = plug({ type: "tasmota", host: board.host, relay: 2, wiring: "contact" });
    output.write(true);
    await waitFor("confirmed", () => confirmed.length > 0);
    expect(board.outputs).toEqual([false, true]);
    const locked = await device(new FakeTasmota({ user: "admin", password: "x" }));
    const refused = plug({ type: "tasmota", host: locked.host, relay: 1, user: "admin", password: "y", wiring: "socket" });
    refused.output.write(true);
    await waitFor("refused", () => refused.confirmed.length > 0);
    expect(refused.output.status()).toMatchObject({ reachable: false, error: "password refused (401)" });
  });

  test("a device that never answers is unreachable after the time-out, and a closed port at once", async () => {
    const tasmota = await device(new FakeTasmota());
    tasmota.behaviour = "silent";
    const silent = plug({ type: "tasmota", host: tasmota.host, relay: 1, wiring: "socket" });
    // A port that was just closed (port 1 itself is on fetch's forbidden-port list, refused before any connect).
    const gone = await new FakeTasmota().start();
    const goneHost = gone.host;
    await gone.close();
    const closed = plug({ type: "tasmota", host: goneHost, relay: 1, wiring: "socket" });
    const startedMs = Date.now();
    silent.output.write(true);
    closed.output.write(true);
    await waitFor("closed port refused", () => closed.confirmed.length > 0);
    expect(Date.now() - startedMs).toBeLessThan(1000);
    expect(closed.output.status()).toMatchObject({ reachable: false, error: "connect" });
    await waitFor("silent plug timed out", () => silent.confirmed.length > 0, PLUG_REQUEST_TIMEOUT_MS + 3000);
    expect(silent.output.status()).toMatchObject({ reachable: false, error: "timeout" });
  });
});

describe("the box-wide gate (the ESP32's sockets and heap)", () => {
  test("with the ESP32's two turns, one hung plug leaves a turn: the other plugs switch at once, one after another", async () => {
    const gate = new ExchangeGate(PLUG_IN_FLIGHT_ESP32);
    const hung = await device(new FakeShelly());
    hung.behaviour = "silent";
    const quick = await Promise.all([device(new FakeTasmota()), device(new FakeTasmota()), device(new FakeTasmota())]);
    const h = plug({ type: "shelly", host: hung.host, channel: 0, wiring: "socket" }, gate);
    const q = quick.map((d) => plug({ type: "tasmota", host: d.host, relay: 1, wiring: "socket" }, gate));
    const startedMs = Date.now();
    h.output.write(true);
    for (const p of q) p.output.write(true);
    expect(gate.load()).toEqual({ inFlight: 2, waiting: 2 });
    await waitFor("the three others confirmed", () => q.every((p) => p.confirmed.length > 0));
    expect(Date.now() - startedMs).toBeLessThan(1000);
    expect(h.confirmed).toEqual([]); // still waiting for its time-out
    await waitFor("the hung one times out", () => h.confirmed.length > 0, PLUG_REQUEST_TIMEOUT_MS + 2000);
    expect(gate.load()).toEqual({ inFlight: 0, waiting: 0 });
  });

  test("two hung plugs hold both turns until their time-out: the price of the bound, said in README", async () => {
    const gate = new ExchangeGate(PLUG_IN_FLIGHT_ESP32);
    const hung = await Promise.all([device(new FakeShelly()), device(new FakeShelly())]);
    for (const d of hung) d.behaviour = "silent";
    const quick = await device(new FakeTasmota());
    const hs = hung.map((d) => plug({ type: "shelly", host: d.host, channel: 0, wiring: "socket" }, gate));
    const q = plug({ type: "tasmota", host: quick.host, relay: 1, wiring: "socket" }, gate);
    const startedMs = Date.now();
    for (const p of hs) p.output.write(true);
    q.output.write(true);
    await waitFor("the quick plug confirmed", () => q.confirmed.length > 0, PLUG_REQUEST_TIMEOUT_MS + 2000);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(PLUG_REQUEST_TIMEOUT_MS - 50);
  });
});

describe("a load on two plugs (a two-relay pilot wire)", () => {
  test("reports once for the load: unreachable if either plug is, else the first contact", async () => {
    const first = await device(new FakeShelly());
    const second = await device(new FakeTasmota());
    const { outputs, plugs } = plugOutputsFor("salon", [
      { type: "shelly", host: first.host, channel: 0, wiring: "contact" },
      { type: "tasmota", host: second.host, relay: 1, wiring: "contact" },
    ], deps);
    built.push(...plugs);
    expect("onConfirmed" in outputs[1]).toBe(false); // the Device hears the load once, through the first output
    const confirmed: (boolean | null)[] = [];
    (outputs[0] as RemoteOutput).onConfirmed((on) => confirmed.push(on));
    outputs[0].write(true); // eco: both contacts energised
    outputs[1].write(true);
    await waitFor("both read back", () => confirmed.length > 0);
    expect(first.outputs[0]).toBe(true);
    expect(second.outputs[0]).toBe(true);
    expect(confirmed).toEqual([true]);
    second.behaviour = "error-500";
    outputs[1].write(false); // hors-gel: [true, false]
    await waitFor("the second plug fails", () => confirmed.length > 1);
    expect(confirmed).toEqual([true, null]);
  });
});
