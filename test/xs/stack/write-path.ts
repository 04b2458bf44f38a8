// The deepest path the firmware runs in one stack, on XS: a HomeKit write inside an encrypted session (decrypt, parse,
// the database, the Device's command, every slice, the publish path to MQTT, the pairing store, HomeKit's own events,
// encrypt). test/xs/run.mjs runs this with smaller and smaller XS stacks to find what it needs, and fails when the
// firmware manifest's `creation.stack` does not leave room above it: on the lin firmware a 512-slot stack aborted
// every HomeKit write ("JavaScript stack overflow", a reboot on a board) while the Node tests stayed green.
// Prints "write-path: ok" only when every write was answered as it should be.
import type { ServiceAdvertiser } from "../../../hal/types";
import { VirtualTime } from "../../../host-sim/virtual-time";
import { createCore } from "../../../src/device/core";
import { Device, type LoadWiring } from "../../../src/device/device";
import { MemoryStore } from "../../../src/device/memory-store";
import { createServices } from "../../../src/device/services";
import { LOAD_KINDS } from "../../../src/loads/kinds";
import { mqttConfigOf } from "../../../src/mqtt/config";
import { parseIsoWithOffset } from "../../../src/tariff/local-time";
import { reading } from "../../app/readings";
import { CODE, crypto, pairAndVerify, type Rig } from "../../homekit/server-scenarios";
import { json } from "../../homekit/support/hap-wire";
import { MemoryNetwork } from "../../homekit/support/memory-network";
import { LoopbackMqtt } from "../../mqtt/cases";

declare const print: (text: string) => void;
/** xsnap-heap's probe: the XS stack in use and its peak since the last reset, in slots. */
declare const stackStats: (reset?: boolean) => { slots: number; peakSlots: number };

const LOADS = [
  { id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 },
  { id: "ballon", name: "Chauffe-eau", kind: "water-heater", priority: 2, nominalPowerW: 2400 },
  { id: "pompe", name: "Pompe", kind: "relay", priority: 3, nominalPowerW: 800 },
];

async function main(): Promise<void> {
  // Out of the module body first: its frame (every bundled module's top-level bindings) is not the firmware's.
  await Promise.resolve();
  stackStats(true);
  const problems: string[] = [];
  const check = {
    equal: (actual: unknown, expected: unknown, message: string) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${message}: ${JSON.stringify(actual)}`);
    },
    ok: (condition: unknown, message: string) => {
      if (!condition) problems.push(message);
    },
  };
  const time = new VirtualTime(parseIsoWithOffset("2026-01-14T18:00:00+01:00"));
  const store = new MemoryStore();
  const logger = { log: () => undefined };
  const core = createCore({ store, logger, ticMode: "historic", defaultLoads: LOADS });
  const wiring: Record<string, LoadWiring> = {};
  for (const l of LOADS) wiring[l.id] = { kind: l.kind, outputs: new Array(LOAD_KINDS[l.kind].contacts).fill(0).map(() => ({ write: () => undefined })) };
  const device = new Device({
    clock: time, timers: time, logger, store, system: { restart: () => undefined },
    meter: { onBytes: () => undefined, close: () => undefined },
    loads: wiring, redLed: { set: () => undefined }, blueLed: { set: () => undefined },
    createDecoder: core.createDecoder, createEngine: core.createEngine,
  });
  device.start();
  device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hp", tomorrow: "red", powerVA: 2500 }) });
  // HAP's yields are zero-delay timers: on a microtask, as the HAP rigs' VirtualTimers run them; the rest on `time`.
  const timers = {
    setTimeout: (callback: () => void, delayMs: number): unknown => {
      if (delayMs > 0) return time.setTimeout(callback, delayMs);
      const handle = { soon: true, cancelled: false };
      void Promise.resolve().then(() => {
        if (!handle.cancelled) callback();
      });
      return handle;
    },
    setInterval: (callback: () => void, periodMs: number): unknown => time.setInterval(callback, periodMs),
    clear: (handle: unknown): void => {
      if ((handle as { soon?: boolean }).soon === true) (handle as { cancelled: boolean }).cancelled = true;
      else time.clear(handle as never);
    },
  };
  const network = new MemoryNetwork();
  const advertiser: ServiceAdvertiser = { advertise: () => undefined, updateTxt: () => undefined, reannounce: () => undefined, stop: () => undefined };
  let seed = 0;
  const services = createServices({
    device, store, tcp: network,
    udp: { bind: () => { throw new Error("no UDP here"); } } as never,
    wifi: { address: () => undefined } as never,
    system: { restart: () => undefined }, clock: time, timers: timers as never, logger, advertiser,
    random: { fill: (bytes: Uint8Array) => { for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24; return bytes; } } as never,
    crypto: () => crypto, hapPort: 0,
    info: { name: "Délesteur", manufacturer: "test", model: "test", serialNumber: "X1", firmwareRevision: "0" },
  });
  services.pairing.useSetupCode(CODE);
  // MQTT on the same publish path, as on the box with Home Assistant (the lin peak grew by 60 slots with it).
  const mqtt = services.startMqtt(new LoopbackMqtt(time), core.settings, (s) => mqttConfigOf({ ...s, mqttEnabled: true, mqttUrl: "mqtt://127.0.0.1" }));
  time.advance(1);
  check.equal(mqtt.status().state, "online", "the MQTT bridge state");
  await services.startHap();
  const { sessions } = await pairAndVerify({ network } as unknown as Rig, check, 2);
  const [writer, listener] = sessions;
  const subscribe = await listener.request("PUT", "/characteristics", '{"characteristics":[{"aid":1,"iid":12,"ev":true},{"aid":1,"iid":101,"ev":true},{"aid":1,"iid":111,"ev":true}]}');
  check.equal(subscribe.status, 204, "events subscribed");
  const setUpPeak = stackStats(true).peakSlots;
  // The Thermostat to HEAT (shedding cancelled), back to AUTO, then each Switch flipped both ways.
  for (const [iid, value] of [[12, 1], [12, 3], [101, true], [111, true], [111, false], [101, false]] as const) {
    const answer = await writer.request("PUT", "/characteristics", `{"characteristics":[{"aid":1,"iid":${iid},"value":${value}}]}`);
    check.ok(answer.status === 204 || answer.status === 207, `write 1.${iid}=${value} answered ${answer.status}`);
    if (answer.status === 207) {
      const statuses = (json(answer).characteristics as { status: number }[]).map((c) => c.status);
      check.ok(statuses.every((s) => s === 0 || s === -70412), `write 1.${iid}=${value} statuses ${statuses.join(",")}`);
    }
    time.advance(61_000); // past the minimum on/off times, so each write changes something
  }
  const writePeak = stackStats().peakSlots;
  print(`write-path: stack peak ${writePeak} slots in the writes, ${setUpPeak} in pairing and set-up`);
  print(problems.length === 0 ? "write-path: ok" : `write-path: ${problems.join("; ")}`);
}

main().catch((error: unknown) => print(`write-path: threw ${String(error)}`));
