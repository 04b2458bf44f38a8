// XS entry of bench/xs/engine-slots.mjs: what ONE dispatch allocates (heap slots, chunk bytes) and computes (XS meter
// units), for readings and ticks that change nothing or something, on the Controller alone and through the Device's
// publish path with an observer. Prints one JSON line; runs on the xsnap-heap runner (bench/xs/xsnap-heap.mjs), whose
// heapStats() reads XS's own counts; resetMeter() is xsnap's instruction meter.
import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import type { ControllerEvent } from "../../src/app/types";
import type { LoadConfig } from "../../src/loads/types";
import { TicDecoder } from "../../src/tic/decoder";
import type { TicReading } from "../../src/tic/types";
import { SimulatedMeter, type SimColour } from "../../host-sim/meter/simulated-meter";
import { virtualBox } from "../../test/device/virtual-box";

declare const print: (text: string) => void;
declare const gc: () => void;
declare const heapStats: () => { chunks: number; slots: number };
declare const resetMeter: (limit: number, index: number) => number;

/** The board's three loads (manifest.json config), as the chip measured in issue #17 ran. */
const BOARD_LOADS: Partial<LoadConfig>[] = [
  { id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 },
  { id: "chambres", name: "Chambres", kind: "fil-pilote-1", priority: 3, nominalPowerW: 1500 },
  { id: "chauffe-eau", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 },
];
/** The six loads of the hour workload (bench/xs/engine-workload.ts). */
const SIX_LOADS: Partial<LoadConfig>[] = [
  { id: "living", priority: 2, nominalPowerW: 2000 },
  { id: "kitchen", priority: 2, nominalPowerW: 1500 },
  { id: "bed1", kind: "fil-pilote-2", priority: 3, nominalPowerW: 1000 },
  { id: "bed2", kind: "fil-pilote-2", priority: 3, nominalPowerW: 1000 },
  { id: "boiler", kind: "relay", priority: 4, nominalPowerW: 2500 },
  { id: "fridge", kind: "relay", priority: 0, nominalPowerW: 200 },
];

/** A red day at 06:00 local (05:00 UTC, winter): HC until then, when the red peak sheds the heating. */
const PEAK_MS = Date.UTC(2026, 0, 15, 5, 0, 0);
/** Mid-HC, a minute before: steady. */
const QUIET_MS = PEAK_MS - 60_000;
/** Standard-mode frames come about every 1.7 s; the warm-up runs long enough for debounced writes to be done. */
const FRAME_MS = 1700;
const WARM_UP_MS = 60_000;
const BASE_VA = 3400;

/** One decoded standard-mode frame of a three-phase Tempo Linky at `atMs` (decoded here, outside any measure). */
function readingAt(atMs: number, powerVA: number, colour: SimColour, period: "hp" | "hc"): TicReading {
  const meter = new SimulatedMeter({ mode: "standard", contract: "tempo", phases: 3, subscribedKVA: 12 });
  meter.setState({ atMs, powerVA, colour, period, tomorrow: "unknown" });
  let reading: TicReading | null = null;
  const decoder = new TicDecoder({ mode: "standard", onFrame: (r) => (reading = r) });
  decoder.push(meter.frame());
  decoder.push(new Uint8Array([0x02])); // the next STX ends a frame that has no ETX yet
  if (reading === null) throw new Error("engine-slots: the simulated frame did not decode");
  return reading;
}

function frame(atMs: number, powerVA: number): ControllerEvent {
  return { type: "tic-frame", reading: readingAt(atMs, powerVA, "red", atMs >= PEAK_MS ? "hp" : "hc") };
}

/** Something that takes events: the Controller alone, or the whole Device. */
interface Target {
  /** Move the time to `atMs` (the Device runs its own timers up to then: its 1 s tick, the LED). */
  moveTo(atMs: number): void;
  /** Dispatch one event now; returns how many facts it gave. */
  dispatch(event: ControllerEvent): number;
  /** The target ticks itself every second. */
  ticksItself: boolean;
  /** Updates observers received, and snapshots asked of the engine, so far (the Device; 0 for the Controller). */
  heard(): { published: number; snapshots: number };
}

function controller(loads: Partial<LoadConfig>[], fromMs: number): Target {
  const checked = validateSettings({ loads });
  if (!checked.ok) throw new Error("engine-slots: bench settings do not validate");
  const c = new Controller(checked.settings, undefined, fromMs);
  let nowMs = fromMs;
  return { moveTo: (atMs) => (nowMs = atMs), dispatch: (event) => c.dispatch(event, nowMs).length, ticksItself: false, heard: () => ({ published: 0, snapshots: 0 }) };
}

/** The Device on a virtual clock, with one observer that reads what HomeKit and the page read. */
function device(loads: Partial<LoadConfig>[], fromMs: number): Target {
  const seen = { published: 0, snapshots: 0, loads: 0 };
  const box = virtualBox({
    atIso: new Date(fromMs).toISOString(),
    defaultLoads: loads,
    parts: (core) => ({
      createEngine: (persisted, nowMs) => {
        const engine = core.createEngine(persisted, nowMs);
        return {
          command: (event, atMs) => engine.command(event, atMs),
          settings: () => engine.settings(),
          snapshot: () => {
            seen.snapshots++;
            return engine.snapshot();
          },
        };
      },
    }),
  });
  box.device.subscribe((update) => {
    seen.published++;
    seen.loads += update.snapshot().loads.length;
  });
  box.device.start();
  return {
    moveTo: (atMs) => box.time.advance(atMs - box.time.nowMs()),
    dispatch: (event) => box.device.dispatch(event).effects.length,
    ticksItself: true,
    heard: () => ({ published: seen.published, snapshots: seen.snapshots }),
  };
}

/** A target in steady state at `untilMs`: frames every FRAME_MS and ticks every second since WARM_UP_MS before. */
function warmed(make: (loads: Partial<LoadConfig>[], fromMs: number) => Target, loads: Partial<LoadConfig>[], untilMs: number): Target {
  const fromMs = untilMs - WARM_UP_MS;
  const t = make(loads, fromMs);
  for (let at = fromMs; at <= untilMs; at += 100) {
    t.moveTo(at);
    if (!t.ticksItself && (at - fromMs) % 1000 === 0) t.dispatch({ type: "tick" });
    if ((at - fromMs) % FRAME_MS === 0) t.dispatch(frame(at, BASE_VA));
  }
  return t;
}

interface Cost {
  slots: number;
  chunks: number;
  compute: number;
  effects: number;
  /** Updates the observers received from this dispatch, and snapshots it asked of the engine (the Device only). */
  published: number;
  snapshots: number;
}

function measure(run: () => number): Omit<Cost, "published" | "snapshots"> {
  gc();
  const before = heapStats();
  resetMeter(0, 0);
  const effects = run();
  const compute = resetMeter(0, 0);
  const after = heapStats();
  return { slots: after.slots - before.slots, chunks: after.chunks - before.chunks, compute, effects };
}

/** One workload: a warmed target and the one event measured at `atMs`. */
interface Step {
  name: string;
  warmUntilMs: number;
  atMs: number;
  event(): ControllerEvent;
}

const STEPS: Step[] = [
  // Same power, meter clock in step with ours: a frame as most are when nothing happens in the house.
  { name: "reading, no change", warmUntilMs: QUIET_MS, atMs: QUIET_MS + 700, event: () => frame(QUIET_MS + 700, BASE_VA) },
  // The house draws 300 VA more: the meter and the base-load estimate move, no load decision does.
  { name: "reading, power moved", warmUntilMs: QUIET_MS, atMs: QUIET_MS + 700, event: () => frame(QUIET_MS + 700, BASE_VA + 300) },
  // 06:00 on a red day: the meter says HP, every heating load is shed (a tariff fact and one fact per load).
  { name: "reading, red peak begins", warmUntilMs: PEAK_MS - 100, atMs: PEAK_MS, event: () => frame(PEAK_MS, BASE_VA) },
  { name: "tick, no change", warmUntilMs: QUIET_MS, atMs: QUIET_MS + 1000, event: () => ({ type: "tick" }) },
  // Our clock crosses 06:00 before the next frame: the same shedding, from the tick.
  { name: "tick, red peak begins", warmUntilMs: PEAK_MS - 100, atMs: PEAK_MS, event: () => ({ type: "tick" }) },
];

const TARGETS: [string, (loads: Partial<LoadConfig>[], fromMs: number) => Target, Partial<LoadConfig>[]][] = [
  ["board", controller, BOARD_LOADS],
  ["six", controller, SIX_LOADS],
  ["board, Device + observer", device, BOARD_LOADS],
];

const baseline = measure(() => 0);
const results: Record<string, Record<string, Cost>> = {};
for (const [label, make, loads] of TARGETS) {
  const out: Record<string, Cost> = {};
  for (const step of STEPS) {
    const t = warmed(make, loads, step.warmUntilMs);
    const event = step.event();
    t.moveTo(step.atMs);
    const heard = t.heard();
    const cost = measure(() => t.dispatch(event));
    const after = t.heard();
    out[step.name] = {
      slots: cost.slots - baseline.slots,
      chunks: cost.chunks - baseline.chunks,
      compute: cost.compute - baseline.compute,
      effects: cost.effects,
      published: after.published - heard.published,
      snapshots: after.snapshots - heard.snapshots,
    };
  }
  results[label] = out;
}
print(JSON.stringify({ baseline, results }));
