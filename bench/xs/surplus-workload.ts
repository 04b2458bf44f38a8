// Surplus bench workloads shared by bench/surplus.ts on Node and its XS entry: one sunny hour of meter frames through
// the Controller with PV routing on and off, and the router's step alone. Never times anything itself.
import { Controller } from "../../src/app/controller";
import type { TicReading } from "../../src/tic/types";
import { validateSettings } from "../../src/settings/validate";
import { DEFAULT_SURPLUS_POLICY, initialRouter, routeStep, type RoutedLoad } from "../../src/surplus/router";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { reading } from "../../test/app/readings";

/** A standard meter sends a frame every ~1.7 s: an hour is this many. */
export const FRAMES_PER_HOUR = 2118;
const FRAME_MS = 1700;
const START = "2026-06-17T12:00:00+02:00";

const LOADS = [
  { id: "ballon", name: "Ballon", kind: "relay", priority: 1, nominalPowerW: 2400, shedBy: ["overload"] },
  { id: "pompe", name: "Pompe", kind: "relay", priority: 2, nominalPowerW: 800, shedBy: ["overload"] },
  { id: "ve", name: "VE", kind: "modulating", priority: 3, nominalPowerW: 3700, minPowerW: 1400, shedBy: ["overload"] },
  { id: "salon", name: "Salon", kind: "fil-pilote-1", priority: 2, nominalPowerW: 1500 },
];

export interface SurplusHour {
  frames: TicReading[];
  startMs: number;
}

/** Frames of a sunny hour whose injection swings with passing clouds (the router starts, modulates and stops). */
export function surplusHour(): SurplusHour {
  const frames: TicReading[] = [];
  for (let i = 0; i < FRAMES_PER_HOUR; i++) {
    const exportW = (i % 600 < 400 ? 4200 : -600) + ((i * 37) % 300);
    const r = reading({ colour: "blue", period: "hp", powerVA: exportW < 0 ? -exportW : 0 });
    r.injectedPowerVA = exportW > 0 ? exportW : 0;
    frames.push(r);
  }
  return { frames, startMs: parseIsoWithOffset(START) };
}

/** Dispatches the hour; `routing` false is the same box with no surplus source (the peer). Returns the facts seen. */
export function runHour(work: SurplusHour, routing: boolean): number {
  const checked = validateSettings({ loads: LOADS, surplusSource: routing ? "meter" : "off", surplusLoads: routing ? "ballon:need=120 pompe:max=240 ve" : "" });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const c = new Controller(checked.settings, undefined, work.startMs);
  let facts = 0;
  for (let i = 0; i < work.frames.length; i++) facts += c.dispatch({ type: "tic-frame", reading: work.frames[i] }, work.startMs + i * FRAME_MS).length;
  return facts;
}

const ROUTED: RoutedLoad[] = [
  { id: "ballon", priority: 1, powerW: 2400, modulating: false, minPowerW: 0, policy: { ...DEFAULT_SURPLUS_POLICY, guaranteeMs: 7_200_000 } },
  { id: "pompe", priority: 2, powerW: 800, modulating: false, minPowerW: 0, policy: DEFAULT_SURPLUS_POLICY },
  { id: "ve", priority: 3, powerW: 3700, modulating: true, minPowerW: 1400, policy: DEFAULT_SURPLUS_POLICY },
];

/** `steps` router steps alone (what the slice does every 5 s), on a swinging surplus. */
export function runSteps(startMs: number, steps: number): number {
  let s = initialRouter(startMs);
  for (let i = 0; i < steps; i++) {
    const w = (i % 120 < 80 ? 4000 : -600) - (s.loads.ballon?.on ? 2400 : 0);
    s = routeStep(s, ROUTED, { nowMs: startMs + i * 5000, routable: { routableW: w, full: false, detail: "bench", numbers: {} }, period: "hp", offGrid: false, overrun: false });
  }
  return s.switches;
}
