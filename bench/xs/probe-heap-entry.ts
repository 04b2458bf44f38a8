// XS script for bench/probe-heap.ts, run by the xsnap-heap runner: what a DS18B20 tank probe holds on XS once wired
// (hal/moddable/onewire-probe.ts + the poller), and the peak one reading adds (conversion, scratchpad, CRC, dispatch
// into a Controller with a probed water heater). The driver is the JS stand-in of the tests: the SDK's is C (a host
// object and a small malloc'd record; its RMT channel lives in the ESP-IDF heap, not XS's). Never asserts; one line.
import { openOneWireProbes } from "../../hal/moddable/onewire-probe";
import type { TimerHandle, Timers } from "../../hal/types";
import { Controller } from "../../src/app/controller";
import { startProbePolling } from "../../src/manager/probe-poller";
import { validateSettings } from "../../src/settings/validate";
import { localToUtc } from "../../src/tariff/local-time";
import { FakeOneWire, SENSORS } from "../../test/moddable/support/fake-onewire";
import { live, peakAdded, type Heap } from "./heap-probe";

declare const print: (text: string) => void;

FakeOneWire.reset();
let tick: (() => void) | undefined;
let pending: (() => void)[] = [];
const timers: Timers = {
  setTimeout: (fn: () => void) => (pending.push(fn), pending.length as unknown as TimerHandle),
  setInterval: (fn: () => void) => ((tick = fn), 0 as unknown as TimerHandle),
  clear: () => undefined,
} as Timers;
const settle = (): void => {
  const now = pending;
  pending = [];
  for (let i = 0; i < now.length; i++) now[i]();
};

const loads = [
  { id: "ballon", name: "Ballon", kind: "water-heater", priority: 2, nominalPowerW: 2400, probe: true },
  { id: "ballon2", name: "Ballon 2", kind: "water-heater", priority: 2, nominalPowerW: 2400, probe: true },
];
const checked = validateSettings({ loads });
if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
let t = localToUtc(2026, 12, 1, 23, 0);
const controller = new Controller(checked.settings, undefined, t);
let toController = true;
const dispatch = (event: Parameters<Controller["dispatch"]>[0]): unknown => (toController ? controller.dispatch(event, (t += 1000)) : undefined);

/** Live heap held by wiring `ids` (buses, probes, the poller) after their first reading. */
function held(wiring: Record<string, { pin: number; rom?: string }>): { heap: Heap; stop: () => void } {
  const before = live();
  const opened = openOneWireProbes(wiring, timers);
  const stop = startProbePolling({ probes: opened.probes, timers, dispatch });
  settle();
  FakeOneWire.commands = []; // the stand-in's own log of bus commands is not the probe's
  const after = live();
  return { heap: { chunks: after.chunks - before.chunks, slots: after.slots - before.slots }, stop };
}

const one = held({ ballon: { pin: 13 } });
const cycle = peakAdded(() => {
  tick?.();
  settle();
  FakeOneWire.commands = [];
});
toController = false;
const read = peakAdded(() => {
  tick?.();
  settle();
  FakeOneWire.commands = [];
});
toController = true;
one.stop();
const two = held({ ballon: { pin: 13, rom: SENSORS.first }, ballon2: { pin: 13, rom: SENSORS.second } });
two.stop();
print(JSON.stringify({ one: one.heap, two: two.heap, cycle, read }));
