// Surplus router checks, each returning its failures: PV days (sunny, cloudy, battery, off-grid) on virtual time and
// small scenarios (overrun, rotation, modulation). Run by jest and on XS (test/xs/surplus.xs.ts).
import { DEFAULT_SURPLUS_POLICY, initialRouter, routeStep, type RoutedLoad, type RouterState } from "../../src/surplus/router";
import type { Routable } from "../../src/surplus/source";
import { localToUtc } from "../../src/tariff/local-time";
import { runDay, type DayResult } from "./pv-day";

const M = 60_000;
const MIN_RUN_MS = DEFAULT_SURPLUS_POLICY.minRunMs;
const BATTERY = { capacityWh: 10_000, startSocPct: 40, maxChargeW: 3000, maxDischargeW: 3000, routeSocPct: 80 };

function noFlapping(r: DayResult, maxStarts: number): string[] {
  const f: string[] = [];
  for (const id in r.starts) {
    if (r.starts[id] > maxStarts) f.push(`${id} started ${r.starts[id]} times (> ${maxStarts})`);
    for (const ms of r.runs[id]) if (ms < MIN_RUN_MS) f.push(`${id} ran ${ms / M} min < its minimum run`);
  }
  return f;
}

const at = (hh: number, mm = 0): number => localToUtc(2026, 6, 17, hh, mm);
const surplus = (w: number | null): Routable => ({ routableW: w, full: false, detail: `test ${w}`, numbers: {} });
const relay = (id: string, priority: number, powerW: number): RoutedLoad => ({ id, priority, powerW, modulating: false, minPowerW: 0, policy: DEFAULT_SURPLUS_POLICY });

/** Steps every 10 s from `fromMs` for `minutes`, the surplus given by `w(tMs, state)`. */
function drive(state: RouterState, loads: RoutedLoad[], fromMs: number, minutes: number, w: (tMs: number, s: RouterState) => number | null, overrun = false): RouterState {
  let s = state;
  for (let t = fromMs; t < fromMs + minutes * M; t += 10_000) s = routeStep(s, loads, { nowMs: t, routable: surplus(w(t, s)), period: "hp", offGrid: false, overrun });
  return s;
}

export const ROUTER_CHECKS: readonly { name: string; run(stepMs: number): string[] }[] = [
  {
    name: "sunny day: every load runs on the sun, few switches, the guarantee met by the sun (none in HC)",
    run(stepMs) {
      const r = runDay({ sky: "sunny", peakPvW: 6000, stepMs });
      const f = noFlapping(r, 3);
      if (r.router.loads.ballon.runMsToday < 180 * M) f.push(`ballon ran ${r.router.loads.ballon.runMsToday / M} min`);
      if (r.guaranteeHpMs !== 0 || r.guaranteeHcMs !== 0) f.push(`guarantee ran ${r.guaranteeHpMs / M} min in HP, ${r.guaranteeHcMs / M} in HC`);
      if (r.router.loads.pompe.runMsToday > 4 * 60 * M + stepMs) f.push(`pompe ran past its 4 h maximum: ${r.router.loads.pompe.runMsToday / M} min`);
      if (r.routedWh < 0.6 * r.pvWh) f.push(`routed ${Math.round(r.routedWh)} Wh of ${Math.round(r.pvWh)} Wh`);
      return f;
    },
  },
  {
    name: "cloudy day: passing clouds make no flapping, and the hot water still gets its 3 h in HC, never in HP",
    run(stepMs) {
      const r = runDay({ sky: "cloudy", peakPvW: 6000, stepMs });
      const f = noFlapping(r, 8);
      if (r.router.switches > 40) f.push(`${r.router.switches} switches`);
      if (r.router.loads.ballon.runMsToday < 180 * M) f.push(`ballon ran ${r.router.loads.ballon.runMsToday / M} min of its 180`);
      if (r.guaranteeHcMs <= 0) f.push("no guarantee run in HC on a cloudy day");
      if (r.guaranteeHpMs !== 0) f.push(`guarantee ran ${r.guaranteeHpMs / M} min in HP`);
      return f;
    },
  },
  {
    name: "an overrun over the morning: nothing starts during it",
    run(stepMs) {
      const clear = runDay({ sky: "sunny", peakPvW: 6000, stepMs });
      const r = runDay({ sky: "sunny", peakPvW: 6000, stepMs, overrun: [8, 11] });
      const f: string[] = [];
      if (r.startsInOverrun !== 0) f.push(`${r.startsInOverrun} starts during the overrun`);
      // It must matter: without the overrun something starts in that window.
      if (clear.router.loads.pompe.runMsToday === r.router.loads.pompe.runMsToday && clear.router.loads.ve.runMsToday === r.router.loads.ve.runMsToday) f.push("the overrun changed nothing: the window misses every start");
      return f;
    },
  },
  {
    name: "battery day: the grid sits at 0 W, loads run on the battery's charge only above 80 %",
    run(stepMs) {
      const r = runDay({ sky: "sunny", peakPvW: 6000, stepMs, battery: BATTERY });
      const f = noFlapping(r, 4);
      if (r.startsBelowSoc !== 0) f.push(`${r.startsBelowSoc} starts below the SoC threshold`);
      if (r.routedWh < 0.5 * r.pvWh) f.push(`routed ${Math.round(r.routedWh)} Wh of ${Math.round(r.pvWh)} Wh`);
      return f;
    },
  },
  {
    name: "off-grid day: the GX's SoC and battery drive everything, no Tempo guarantee, no flapping",
    run(stepMs) {
      const r = runDay({ sky: "sunny", peakPvW: 6000, stepMs, offGrid: true, battery: { ...BATTERY, routeSocPct: 90 } });
      const f = noFlapping(r, 8);
      if (r.guaranteeHcMs !== 0) f.push(`guarantee ran ${r.guaranteeHcMs / M} min off-grid`);
      if (r.startsBelowSoc !== 0) f.push(`${r.startsBelowSoc} starts below the SoC threshold`);
      if (r.routedWh <= 0) f.push("nothing routed");
      return f;
    },
  },
  {
    name: "overrun: a surplus that holds does not start anything until it is over, then one load after onDelay",
    run() {
      const loads = [relay("a", 1, 1000), relay("b", 1, 1000)];
      let s = drive(initialRouter(at(12)), loads, at(12), 10, () => 5000, true);
      const f: string[] = [];
      if (s.loads.a.on || s.loads.b.on) f.push("started during the overrun");
      s = drive(s, loads, at(12, 10), 1, () => 5000);
      if (s.loads.a.on || s.loads.b.on) f.push("started before onDelay");
      s = drive(s, loads, at(12, 11), 0.5, () => 5000);
      if (!s.loads.a.on || s.loads.b.on) f.push(`expected a alone to start: ${JSON.stringify([s.loads.a.on, s.loads.b.on])}`);
      return f;
    },
  },
  {
    name: "rotation among equals: the one that ran less today starts first",
    run() {
      const loads = [relay("a", 2, 1000), relay("b", 2, 1000)];
      // Room for one: a starts (alphabetical at equal run time), runs 1 h, then import stops it.
      let s = drive(initialRouter(at(10)), loads, at(10), 61, (_t, st) => (st.loads.a?.on || st.loads.b?.on ? 400 : 1200));
      s = drive(s, loads, at(11, 1), 10, () => -500);
      const f: string[] = [];
      if (s.loads.a.on || s.loads.b.on) f.push("not stopped by import");
      s = drive(s, loads, at(11, 11), 15, (_t, st) => (st.loads.a.on || st.loads.b.on ? 400 : 1200));
      if (!s.loads.b.on || s.loads.a.on) f.push(`expected b's turn: a ${s.loads.a.on}, b ${s.loads.b.on}`);
      return f;
    },
  },
  {
    name: "modulating load: its setpoint follows the surplus in 100 W steps, between its minimum and its power",
    run() {
      const ev: RoutedLoad = { id: "ve", priority: 3, powerW: 3700, modulating: true, minPowerW: 1400, policy: DEFAULT_SURPLUS_POLICY };
      const spare = (tMs: number): number => (tMs < at(13) ? 2500 : tMs < at(13, 30) ? 4500 : 1800);
      const f: string[] = [];
      const s = drive(initialRouter(at(12)), [ev], at(12), 100, (t, st) => spare(t) - (st.loads.ve?.setpointW ?? 0));
      const seen = new Set<number>();
      let r = initialRouter(at(12));
      for (let t = at(12); t < at(13, 30); t += 10_000) {
        r = routeStep(r, [ev], { nowMs: t, routable: surplus(spare(t) - (r.loads.ve?.setpointW ?? 0)), period: "hp", offGrid: false, overrun: false });
        if (r.loads.ve.on) seen.add(r.loads.ve.setpointW);
      }
      for (const w of seen) if (w % 100 !== 0 || w < 1400 || w > 3700) f.push(`setpoint ${w}`);
      if (!seen.has(2400) || !seen.has(3700)) f.push(`setpoints ${[...seen].join(",")}`);
      if (s.loads.ve.setpointW !== 1700) f.push(`final setpoint ${s.loads.ve.setpointW} (1800 W spare - 100 W margin)`);
      return f;
    },
  },
  {
    name: "unknown surplus stops a running load after offDelay, never starts one",
    run() {
      const loads = [relay("a", 1, 1000)];
      let s = drive(initialRouter(at(12)), loads, at(12), 15, (_t, st) => (st.loads.a?.on ? 300 : 1500));
      const f: string[] = s.loads.a.on ? [] : ["not started"];
      s = drive(s, loads, at(12, 15), 4, () => null);
      if (!s.loads.a.on) f.push("stopped before offDelay");
      s = drive(s, loads, at(12, 19), 2, () => null);
      if (s.loads.a.on) f.push("still on with the surplus unknown past offDelay");
      return f;
    },
  },
];
