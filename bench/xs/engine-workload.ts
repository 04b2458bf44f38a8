// Shedding-engine workload shared by bench/engine.ts on Node and its XS entry: one hour of a red morning as the
// shell feeds it (a meter frame every 1.5 s, a tick every second). Never times anything itself.
import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import type { ControllerEvent } from "../../src/app/types";
import type { TicReading } from "../../src/tic/types";

const START_MS = Date.UTC(2026, 0, 15, 4, 30); // 05:30 local, so the red peak begins half-way
const HOUR_MS = 3_600_000;

function reading(powerVA: number, period: "hp" | "hc"): TicReading {
  return {
    mode: "historic",
    contract: "tempo",
    current: { colour: period === "hp" ? "red" : "blue", period, source: "PTEC" },
    tomorrow: { colour: "unknown", source: "DEMAIN" },
    indexesWh: {},
    currentsA: [Math.round(powerVA / 230)],
    apparentPowerVA: powerVA,
    subscribedPowerVA: 9000,
    overload: { active: false, sources: [] },
    warnings: [],
    shortFrame: false,
    counters: { frames: 0, groupsOk: 0, groupsBad: 0, parityErrors: 0, framesAborted: 0 },
  };
}

export interface EngineWorkload {
  events: { atMs: number; event: ControllerEvent }[];
  frames: number;
}

/** The events of one hour, prepared in advance so only dispatch is measured. */
export function engineHour(): EngineWorkload {
  const events: EngineWorkload["events"] = [];
  let frames = 0;
  for (let t = 0; t < HOUR_MS; t += 500) {
    const atMs = START_MS + t;
    if (t % 1500 === 0) {
      const period = t >= HOUR_MS / 2 ? "hp" : "hc";
      events.push({ atMs, event: { type: "tic-frame", reading: reading(1500 + ((t / 1500) % 7) * 100, period) } });
      frames++;
    }
    if (t % 1000 === 0) events.push({ atMs, event: { type: "tick" } });
  }
  return { events, frames };
}

/** Dispatch every event into a fresh Controller with six loads; returns the number of effects (kept live). */
export function runEngine(workload: EngineWorkload): number {
  const r = validateSettings({
    loads: [
      { id: "living", priority: 2, nominalPowerW: 2000 },
      { id: "kitchen", priority: 2, nominalPowerW: 1500 },
      { id: "bed1", kind: "fil-pilote-2", priority: 3, nominalPowerW: 1000 },
      { id: "bed2", kind: "fil-pilote-2", priority: 3, nominalPowerW: 1000 },
      { id: "boiler", kind: "relay", priority: 4, nominalPowerW: 2500 },
      { id: "fridge", kind: "relay", priority: 0, nominalPowerW: 200 },
    ],
  });
  if (!r.ok) throw new Error("bench settings");
  const c = new Controller(r.settings, undefined, workload.events[0].atMs);
  let effects = 0;
  for (const e of workload.events) effects += c.dispatch(e.event, e.atMs).length;
  return effects;
}
