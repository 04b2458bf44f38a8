// A virtual-clock run of the Controller for the energy-manager scenarios: meter frames each step with the colour of
// the Tempo day, a simulated tank fed back as probe readings, owner commands at given instants.

import { Controller } from "../../src/app/controller";
import type { ControllerCommand, Effect, LoadSnapshot } from "../../src/app/types";
import { validateSettings } from "../../src/settings/validate";
import { parseIsoWithOffset, formatLocalIso } from "../../src/tariff/local-time";
import { periodAt, tempoDayStartMs } from "../../src/tariff/tempo-calendar";
import type { TempoColour } from "../../src/tic/types";
import { reading } from "../app/readings";
import { SimulatedTank } from "../../host-sim/tank";

export const at = parseIsoWithOffset;
export const local = (ms: number): string => formatLocalIso(ms);

export interface SimOptions {
  start: string;
  end: string;
  loads: unknown[];
  /** The colour of the Tempo day starting at `dayStartMs` (06:00 local). */
  colourOf(dayStartMs: number): TempoColour;
  stepMs?: number;
  houseVA?: number;
  subscribedVA?: number;
  /** The tank behind load `tankOf`'s relay, read by its probe every step. */
  tank?: SimulatedTank;
  tankOf?: string;
  /** Owner commands, by local ISO instant. */
  commands?: { at: string; command: ControllerCommand }[];
  /** Called each step before the frame (draw-offs, say). */
  onStep?(atMs: number, tank: SimulatedTank | undefined): void;
}

export interface SimLine {
  atMs: number;
  at: string;
  effect: Effect;
}

export interface SimRun {
  lines: SimLine[];
  controller: Controller;
  /** The tank's temperature each step (when there is one). */
  temperatures: { atMs: number; c: number }[];
  loadAt(id: string): LoadSnapshot;
}

export function simulate(o: SimOptions): SimRun {
  const checked = validateSettings({ loads: o.loads });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const startMs = at(o.start);
  const endMs = at(o.end);
  const stepMs = o.stepMs ?? 60_000;
  const c = new Controller(checked.settings, undefined, startMs);
  const lines: SimLine[] = [];
  const temperatures: { atMs: number; c: number }[] = [];
  const commands = (o.commands ?? []).map((x) => ({ atMs: at(x.at), command: x.command }));
  const record = (effects: Effect[], t: number) => {
    for (const e of effects) lines.push({ atMs: t, at: local(t), effect: e });
  };
  const snapshotLoad = (id: string) => c.snapshot().loads.find((l) => l.id === id) as LoadSnapshot;
  for (let t = startMs; t <= endMs; t += stepMs) {
    for (const cmd of commands) if (cmd.atMs > t - stepMs && cmd.atMs <= t) record(c.command(cmd.command, t).effects, t);
    o.onStep?.(t, o.tank);
    if (o.tank && o.tankOf) record(c.dispatch({ type: "tank-temperature", loadId: o.tankOf, temperatureC: o.tank.probeC() }, t), t);
    const day = tempoDayStartMs(t);
    const colour = o.colourOf(day);
    let drawnVA = o.houseVA ?? 800;
    for (const l of c.snapshot().loads) if (l.on && l.id !== o.tankOf) drawnVA += l.allocatedW;
    const heaterOn = o.tankOf !== undefined && snapshotLoad(o.tankOf).on;
    const tankW = o.tank && o.tankOf ? o.tank.drawW(snapshotLoad(o.tankOf).nominalPowerW, heaterOn) : 0;
    drawnVA += tankW;
    record(c.dispatch({ type: "tic-frame", reading: reading({ colour, period: periodAt(t), powerVA: drawnVA, subscribedVA: o.subscribedVA ?? 9000 }) }, t), t);
    if (o.tank) {
      o.tank.step(stepMs, tankW);
      temperatures.push({ atMs: t, c: o.tank.temperatureC });
    }
  }
  return { lines, controller: c, temperatures, loadAt: snapshotLoad };
}

/** The load facts of one load, as "HH:MM reason order/level" lines (local time). */
export function loadFacts(run: SimRun, id: string): { at: string; on: boolean; reason: string; order?: string; level: string; detail: string }[] {
  const out: { at: string; on: boolean; reason: string; order?: string; level: string; detail: string }[] = [];
  for (const l of run.lines) {
    const e = l.effect;
    if (e.type === "load" && e.id === id) out.push({ at: l.at, on: e.on, reason: e.reason, order: e.order, level: e.level, detail: e.detail });
  }
  return out;
}
