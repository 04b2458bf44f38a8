// XS entry of bench/xs/engine-slots.mjs: what ONE Controller dispatch allocates (heap slots, chunk bytes) and
// computes (XS meter units), for readings and ticks that change nothing or something. Prints one JSON line.
// Runs on the xsnap-heap runner (bench/xs/xsnap-heap.mjs): heapStats() reads XS's own counts, resetMeter() its meter.
import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import type { ControllerEvent } from "../../src/app/types";
import type { LoadConfig } from "../../src/loads/types";
import { TicDecoder } from "../../src/tic/decoder";
import type { TicReading } from "../../src/tic/types";
import { SimulatedMeter, type SimColour } from "../../host-sim/meter/simulated-meter";

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

/** A red day, 05:59:00 local (04:59 UTC, winter): HC until 06:00, when the red peak sheds the heating. */
const START_MS = Date.UTC(2026, 0, 15, 4, 59, 0);
const PEAK_MS = Date.UTC(2026, 0, 15, 5, 0, 0);
/** Standard-mode frames come about every 1.7 s; the warm-up runs this long so debounced writes are done. */
const FRAME_MS = 1700;
const WARM_UP_MS = 40_000;
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

/** A Controller in steady state at `untilMs`: frames every FRAME_MS and ticks every second since START_MS - WARM_UP_MS. */
function warmed(loads: Partial<LoadConfig>[], untilMs: number): Controller {
  const checked = validateSettings({ loads });
  if (!checked.ok) throw new Error("engine-slots: bench settings do not validate");
  const fromMs = START_MS - WARM_UP_MS;
  const c = new Controller(checked.settings, undefined, fromMs);
  let nextFrameMs = fromMs;
  for (let t = fromMs; t <= untilMs; t += 100) {
    if (t % 1000 === 0) c.dispatch({ type: "tick" }, t);
    if (t === nextFrameMs) {
      c.dispatch({ type: "tic-frame", reading: readingAt(t, BASE_VA, "red", t >= PEAK_MS ? "hp" : "hc") }, t);
      nextFrameMs += FRAME_MS;
    }
  }
  return c;
}

interface Cost {
  slots: number;
  chunks: number;
  compute: number;
  effects: number;
}

function measure(run: () => number): Cost {
  gc();
  const before = heapStats();
  resetMeter(0, 0);
  const effects = run();
  const compute = resetMeter(0, 0);
  const after = heapStats();
  return { slots: after.slots - before.slots, chunks: after.chunks - before.chunks, compute, effects };
}

/** One workload: a warmed Controller and the one event measured, `afterMs` after the warm-up ends. */
interface Step {
  name: string;
  /** When the warm-up stops (the measured event comes at `atMs`). */
  warmUntilMs: number;
  atMs: number;
  event(): ControllerEvent;
}

const QUIET_MS = START_MS - 5000; // mid-HC, steady
const STEPS: Step[] = [
  // Same power, meter clock in step with ours: a frame as most are when nothing happens in the house.
  { name: "reading, no change", warmUntilMs: QUIET_MS, atMs: QUIET_MS + 700, event: () => frame(QUIET_MS + 700, BASE_VA, "hc") },
  // The house draws 300 VA more: the meter and the base-load estimate move, no load decision does.
  { name: "reading, power moved", warmUntilMs: QUIET_MS, atMs: QUIET_MS + 700, event: () => frame(QUIET_MS + 700, BASE_VA + 300, "hc") },
  // 06:00 on a red day: the meter says HP, every heating load is shed (a tariff fact and one fact per load).
  { name: "reading, red peak begins", warmUntilMs: PEAK_MS - 100, atMs: PEAK_MS, event: () => frame(PEAK_MS, BASE_VA, "hp") },
  { name: "tick, no change", warmUntilMs: QUIET_MS, atMs: QUIET_MS + 1000, event: () => ({ type: "tick" }) },
  // Our clock crosses 06:00 before the next frame: the same shedding, from the tick.
  { name: "tick, red peak begins", warmUntilMs: PEAK_MS - 100, atMs: PEAK_MS, event: () => ({ type: "tick" }) },
];

function frame(atMs: number, powerVA: number, period: "hp" | "hc"): ControllerEvent {
  return { type: "tic-frame", reading: readingAt(atMs, powerVA, "red", period) };
}

const baseline = measure(() => 0);
const results: Record<string, Record<string, Cost>> = {};
for (const [label, loads] of [["board", BOARD_LOADS], ["six", SIX_LOADS]] as const) {
  const out: Record<string, Cost> = {};
  for (const step of STEPS) {
    const c = warmed(loads, step.warmUntilMs);
    const event = step.event();
    const cost = measure(() => c.dispatch(event, step.atMs).length);
    out[step.name] = { slots: cost.slots - baseline.slots, chunks: cost.chunks - baseline.chunks, compute: cost.compute - baseline.compute, effects: cost.effects };
  }
  results[label] = out;
}
print(JSON.stringify({ baseline, results }));
