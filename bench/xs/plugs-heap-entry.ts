// XS script for bench/plugs-heap.ts, run by the xsnap-heap runner: what N plug outputs hold once they have answered
// (Shelly with digest, Tasmota with credentials), and the peak one command's exchange adds (set, 401 challenge on
// a new nonce, read back). The HTTP client is in memory: the platform client's own buffers are not in these figures.
// Never asserts; prints one JSON line.
import type { HttpRequest, HttpResult, TimerHandle } from "../../hal/types";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import { plugOutputsFor } from "../../src/plugs/factory";
import type { OutputSpec } from "../../src/plugs/config";
import type { PlugOutput } from "../../src/plugs/plug-output";
import { ExchangeGate, PLUG_IN_FLIGHT_ESP32 } from "../../src/plugs/gate";
import { live, type Heap } from "./heap-probe";

declare const print: (text: string) => void;
declare const gc: () => void;
declare const heapStats: (reset: boolean) => { chunks: number; peakChunks: number; slots: number; peakSlots: number };
declare const heapStress: (on: boolean) => void;

const SHELLY_STATUS = '{"id":0,"source":"http","output":OUT,"apower":1480.6,"voltage":231.4,"current":6.4,"freq":50.0,"aenergy":{"total":1234.567,"by_minute":[0.0,0.0,0.0],"minute_ts":1764518400},"temperature":{"tC":36.2,"tF":97.2}}';
/** Answers as the devices do; the digest is not checked (that costs the device, not the box). One nonce per "boot". */
const outputs: Record<string, boolean> = {};
let nonce = 1;
let challenged: Record<string, number> = {};
/** While set, answers wait here until released together: every exchange is in flight at once, as on a LAN. */
let held: (() => void)[] | null = null;
const http = {
  request(r: HttpRequest): Promise<HttpResult> {
    if (held !== null) {
      const queue = held;
      return new Promise((resolve) => queue.push(() => resolve(answer(r))));
    }
    return Promise.resolve(answer(r));
  },
};
/** The device's answer to one request. */
function answer(r: HttpRequest): HttpResult {
  const host = /^http:\/\/([^/]+)/.exec(r.url)?.[1] ?? "";
  const path = r.url.slice(7 + host.length);
  if (path.indexOf("/rpc/") === 0) {
    if (r.headers?.authorization === undefined || challenged[host] !== nonce) {
      challenged[host] = nonce;
      return { ok: true, response: { status: 401, headers: { "www-authenticate": `Digest qop="auth", realm="shellyplusplugs-e8db84d4a1b2", nonce="${nonce}a1b2c3d4", algorithm=SHA-256` }, body: '{"code":401,"message":"Unauthorized"}' } };
    }
    if (path.indexOf("Switch.Set") > 0) {
      const was = outputs[host] === true;
      outputs[host] = path.slice(-4) === "true";
      return { ok: true, response: { status: 200, headers: {}, body: `{"was_on":${was}}` } };
    }
    return { ok: true, response: { status: 200, headers: {}, body: SHELLY_STATUS.replace("OUT", String(outputs[host] === true)) } };
  }
  const on = /Power1%20(On|Off)/.exec(path);
  if (on) outputs[host] = on[1] === "On";
  if (path.indexOf("Status%208") > 0) return { ok: true, response: { status: 200, headers: {}, body: '{"StatusSNS":{"Time":"2026-01-15T07:00:00","ENERGY":{"TotalStartTime":"2025-11-02T10:11:12","Total":12.345,"Yesterday":1.2,"Today":0.4,"Power":1987,"Voltage":230,"Current":8.6}}}' } };
  return { ok: true, response: { status: 200, headers: {}, body: `{"POWER":"${outputs[host] ? "ON" : "OFF"}"}` } };
}

/** Timers that never fire by themselves: polls and retries are scheduled (and held) but not run. */
let timerId = 0;
const timers = { setTimeout: (): TimerHandle => ++timerId, setInterval: (): TimerHandle => ++timerId, clear: () => undefined };
const ungated = { http, timers, logger: { log: () => undefined }, random: { fill: (b: Uint8Array) => b.fill(9) }, sha256: NOBLE_AUTH_PRIMITIVES.sha256 };

/** The ESP32's gate (main.ts), or none: what the gate saves when every plug is commanded at once. */
let deps: typeof ungated & { gate?: ExchangeGate } = ungated;

function specOf(i: number): OutputSpec {
  return i % 2 === 0
    ? { type: "shelly", host: `192.168.1.${50 + i}`, channel: 0, password: "a-Plug-pa55word", wiring: "socket" }
    : { type: "tasmota", host: `192.168.1.${50 + i}`, relay: 1, user: "admin", password: "a-Plug-pa55word", wiring: "socket" };
}

async function drain(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/** The peak live heap above the start while `step` runs to its end, awaits included, a collection before every allocation. */
async function peakAddedAsync(step: () => Promise<void>): Promise<Heap> {
  gc();
  const before = heapStats(true);
  heapStress(true);
  await step();
  heapStress(false);
  const after = heapStats(false);
  return { chunks: after.peakChunks - before.chunks, slots: after.peakSlots - before.slots };
}

/** A throw-away round first: first-use costs (RegExp compiles, the hash's tables, JSON's caches) belong to no plug. */
async function warmUp(): Promise<void> {
  const warm = [plugOutputsFor("warm-0", [specOf(0)], deps).plugs[0], plugOutputsFor("warm-1", [specOf(1)], deps).plugs[0]];
  for (const plug of warm) plug.write(false);
  await drain();
  nonce++;
  for (const plug of warm) plug.write(true);
  await drain();
  for (const plug of warm) plug.stop();
  challenged = {};
}
await warmUp();

/** One row, in a function of its own: a loop body's bindings outlive the iteration in the module's frame. */
async function measure(count: number, gated: boolean): Promise<unknown> {
  deps = gated ? { ...ungated, gate: new ExchangeGate(PLUG_IN_FLIGHT_ESP32) } : ungated;
  const before = live();
  const plugs: PlugOutput[] = [];
  const heard: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const built = plugOutputsFor(`load-${i}`, [specOf(i)], deps);
    built.outputs[0].write(false);
    const plug = built.plugs[0];
    plug.onConfirmed((on) => heard.push(on));
    plug.onPower((w) => heard.push(w));
    plugs.push(plug);
  }
  await drain();
  heard.length = 0;
  const atRest = live();
  let command: Heap = { chunks: 0, slots: 0 };
  let allAtOnce: Heap = { chunks: 0, slots: 0 };
  if (count > 0) {
    nonce++; // the Shelly restarted: the command meets a new challenge
    command = await peakAddedAsync(async () => {
      plugs[0].write(true);
      await drain();
    });
    heard.length = 0;
    // A red peak: every plug commanded in the same dispatch, their exchanges all in flight together.
    nonce++;
    allAtOnce = await peakAddedAsync(async () => {
      // Each round, every plug's next request is sent before any answer comes back.
      held = [];
      // Plug 0 was just cut by the command above, the others run: every one of them is told to change.
      for (let i = 0; i < plugs.length; i++) plugs[i].write(i !== 0);
      await drain();
      while (held.length > 0) {
        const queue: (() => void)[] = held;
        held = [];
        for (const release of queue) release();
        await drain();
      }
      held = null;
    });
    heard.length = 0;
  }
  for (const plug of plugs) plug.stop();
  challenged = {};
  return { plugs: count, gated, atRest: { chunks: atRest.chunks - before.chunks, slots: atRest.slots - before.slots }, command, allAtOnce };
}

const rows: unknown[] = [];
for (const count of [0, 4, 8]) rows.push(await measure(count, false));
for (const count of [4, 8]) rows.push(await measure(count, true));
print(JSON.stringify({ rows }));
