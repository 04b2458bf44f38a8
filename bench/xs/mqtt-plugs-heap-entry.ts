// XS script for bench/plugs-heap.ts (its MQTT table), run by the xsnap-heap runner: what N smart plugs over MQTT hold once they
// have answered (half Tasmota, half Shelly, on the plugs' side of the box's MQTT session), and the peak one command
// (set, read-back, power) and a red peak (every plug commanded at once) add. The session is in memory: the MQTT
// client's own buffers and its socket (one for the box, shared) are not in these figures. Never asserts.
import type { TimerHandle } from "../../hal/types";
import { utf8Encode } from "../../lib/bytes";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import type { OutputSpec } from "../../src/plugs/config";
import { plugOutputsFor } from "../../src/plugs/factory";
import { ExchangeGate, PLUG_IN_FLIGHT_ESP32 } from "../../src/plugs/gate";
import { PlugMqttLink } from "../../src/plugs/mqtt-link";
import type { PlugOutput } from "../../src/plugs/plug-output";
import { live, type Heap } from "./heap-probe";

declare const print: (text: string) => void;
declare const gc: () => void;
declare const heapStats: (reset: boolean) => { chunks: number; peakChunks: number; slots: number; peakSlots: number };
declare const heapStress: (on: boolean) => void;

/** Timers that never fire by themselves: polls, retries and time-outs are scheduled (and held) but not run. */
let timerId = 0;
const timers = { setTimeout: (): TimerHandle => ++timerId, setInterval: (): TimerHandle => ++timerId, clear: () => undefined };
const link = new PlugMqttLink(timers);
const relays: Record<string, boolean> = {};
const SHELLY_STATUS = '{"id":0,"source":"MQTT","output":OUT,"apower":1480.6,"voltage":231.4,"current":6.4,"freq":50.0,"aenergy":{"total":1234.567,"by_minute":[0.0,0.0,0.0],"minute_ts":1764518400},"temperature":{"tC":36.2,"tF":97.2}}';
/** The devices' answers, delivered when the script drains (as the session's socket would, later). */
function later(topic: string, payload: string): void {
  void Promise.resolve().then(() => link.message(topic, utf8Encode(payload)));
}
const channel = {
  clientId: "delesteur_0a0b0c0d0e0f",
  publish(topic: string, payload: string): boolean {
    const t = /^cmnd\/(tasmota_\d+)\/(POWER1|STATUS)$/.exec(topic);
    if (t) {
      if (t[2] === "STATUS") later(`stat/${t[1]}/STATUS8`, `{"StatusSNS":{"Time":"2026-01-15T07:00:00","ENERGY":{"TotalStartTime":"2025-11-02T10:11:12","Total":12.345,"Yesterday":1.2,"Today":0.4,"Power":1987,"Voltage":230,"Current":8.6}}}`);
      else {
        if (payload !== "") relays[t[1]] = payload === "ON";
        later(`stat/${t[1]}/RESULT`, `{"POWER":"${relays[t[1]] ? "ON" : "OFF"}"}`);
        later(`stat/${t[1]}/POWER`, relays[t[1]] ? "ON" : "OFF");
      }
      return true;
    }
    const s = /^(shellyplusplugs-\d+)\/rpc$/.exec(topic);
    if (s) {
      const frame = JSON.parse(payload) as { id: number; src: string; method: string; params: { on?: boolean } };
      const head = `{"id":${frame.id},"src":"${s[1]}","dst":"${frame.src}","result":`;
      if (frame.method === "Switch.Set") {
        const was = relays[s[1]] === true;
        relays[s[1]] = frame.params.on === true;
        later(`${frame.src}/rpc`, `${head}{"was_on":${was}}}`);
      } else later(`${frame.src}/rpc`, `${head}${SHELLY_STATUS.replace("OUT", String(relays[s[1]] === true))}}`);
    }
    return true;
  },
  subscribe: () => undefined,
};
link.online(channel);
const ungated = { http: { request: () => Promise.reject(new Error("no HTTP")) }, timers, logger: { log: () => undefined }, random: { fill: (b: Uint8Array) => b }, sha256: NOBLE_AUTH_PRIMITIVES.sha256, mqtt: link };

/** The ESP32's gate (main.ts: HTTP and MQTT plugs share it), or none. */
let deps: typeof ungated & { gate?: ExchangeGate } = ungated;

function specOf(i: number): OutputSpec {
  return i % 2 === 0 ? { type: "shelly-mqtt", device: `shellyplusplugs-${100000 + i}`, channel: 0, wiring: "socket" } : { type: "tasmota-mqtt", topic: `tasmota_${100000 + i}`, relay: 1, wiring: "socket" };
}

async function drain(): Promise<void> {
  for (let i = 0; i < 80; i++) await Promise.resolve();
}

async function peakAddedAsync(step: () => Promise<void>): Promise<Heap> {
  gc();
  const before = heapStats(true);
  heapStress(true);
  await step();
  heapStress(false);
  const after = heapStats(false);
  return { chunks: after.peakChunks - before.chunks, slots: after.peakSlots - before.slots };
}

/** A throw-away round first: first-use costs (RegExp compiles, JSON's caches) belong to no plug. */
async function warmUp(): Promise<void> {
  const warm = [plugOutputsFor("warm-0", [specOf(1000)], deps).plugs[0], plugOutputsFor("warm-1", [specOf(1001)], deps).plugs[0]];
  for (const plug of warm) plug.write(false);
  await drain();
  for (const plug of warm) plug.write(true);
  await drain();
  for (const plug of warm) plug.stop();
}
await warmUp();

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
    command = await peakAddedAsync(async () => {
      plugs[0].write(true);
      await drain();
    });
    heard.length = 0;
    allAtOnce = await peakAddedAsync(async () => {
      for (let i = 0; i < plugs.length; i++) plugs[i].write(i !== 0);
      await drain();
    });
    heard.length = 0;
  }
  const confirmed = plugs.filter((p) => p.status().reachable === true).length;
  for (const plug of plugs) plug.stop();
  return { plugs: count, gated, confirmed, atRest: { chunks: atRest.chunks - before.chunks, slots: atRest.slots - before.slots }, command, allAtOnce };
}

const rows: unknown[] = [];
for (const count of [0, 4, 8]) rows.push(await measure(count, false));
for (const count of [4, 8]) rows.push(await measure(count, true));
print(JSON.stringify({ rows }));
