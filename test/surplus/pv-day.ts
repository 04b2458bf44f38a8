// A day of sun on virtual time for the surplus router: PV curves (sunny, cloudy), a house, an optional battery, an
// optional grid, the loads the router switches fed back into the measure. Pure (runs on jest and on XS).
import { localToUtc } from "../../src/tariff/local-time";
import { periodAt } from "../../src/tariff/tempo-calendar";
import { DEFAULT_SURPLUS_POLICY, initialRouter, routeStep, type RoutedLoad, type RouterState } from "../../src/surplus/router";
import { INITIAL_SOURCE, onGx, onMeterFrame, routable, type SurplusSourceState } from "../../src/surplus/source";

export type Sky = "sunny" | "cloudy";

export interface DayOptions {
  sky: Sky;
  /** Peak PV, W. */
  peakPvW: number;
  battery?: { capacityWh: number; startSocPct: number; maxChargeW: number; maxDischargeW: number; routeSocPct: number };
  offGrid?: boolean;
  /** Local hours [from, to) of an overrun (loads must not start in it). */
  overrun?: [number, number];
  stepMs?: number;
  loads?: RoutedLoad[];
}

const M = 60_000;
export const DAY_LOADS: readonly RoutedLoad[] = Object.freeze([
  { id: "ballon", priority: 1, powerW: 2400, modulating: false, minPowerW: 0, policy: { ...DEFAULT_SURPLUS_POLICY, guaranteeMs: 3 * 60 * M } },
  { id: "pompe", priority: 2, powerW: 800, modulating: false, minPowerW: 0, policy: { ...DEFAULT_SURPLUS_POLICY, maxRunMsPerDay: 4 * 60 * M } },
  { id: "ve", priority: 3, powerW: 3700, modulating: true, minPowerW: 1400, policy: { ...DEFAULT_SURPLUS_POLICY } },
]);

export interface DayResult {
  router: RouterState;
  /** Per load: starts, and every on-run's length (ms). */
  starts: Record<string, number>;
  runs: Record<string, number[]>;
  /** Starts inside the overrun window (must be 0). */
  startsInOverrun: number;
  /** Guarantee run time that fell in HP (must be 0), and in HC. */
  guaranteeHpMs: number;
  guaranteeHcMs: number;
  /** Starts while the battery was below its route threshold (must be 0, except guarantee). */
  startsBelowSoc: number;
  /** Energy exported (Wh) and PV produced (Wh). */
  exportedWh: number;
  pvWh: number;
  routedWh: number;
  minSocPct: number;
}

/** Deterministic clouds: a cover factor that changes every 2–7 minutes (an LCG, no Math.random). */
function cloudCover(seed: number): (tMs: number) => number {
  const changes: { atMs: number; factor: number }[] = [];
  let x = seed;
  let t = 0;
  while (t < 24 * 60 * M) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const factor = 0.15 + ((x >> 8) % 1000) / 1176;
    x = (x * 1103515245 + 12345) % 2147483648;
    changes.push({ atMs: t, factor });
    t += (2 + ((x >> 8) % 6)) * M;
  }
  let i = 0;
  return (tMs) => {
    while (i + 1 < changes.length && changes[i + 1].atMs <= tMs) i++;
    while (i > 0 && changes[i].atMs > tMs) i--;
    return changes[i].factor;
  };
}

/** Runs 06:00 → 06:00 the next day (one Tempo day), 17 June 2026 unless `date` says otherwise. */
export function runDay(o: DayOptions, date = { year: 2026, month: 6, day: 17 }): DayResult {
  const stepMs = o.stepMs ?? 10_000;
  const loads = o.loads ?? (DAY_LOADS as RoutedLoad[]);
  const startMs = localToUtc(date.year, date.month, date.day, 6);
  const endMs = startMs + 24 * 60 * M;
  const cover = o.sky === "cloudy" ? cloudCover(42) : () => 1;
  let router = initialRouter(startMs);
  let source: SurplusSourceState = INITIAL_SOURCE;
  const result: DayResult = { router, starts: {}, runs: {}, startsInOverrun: 0, guaranteeHpMs: 0, guaranteeHcMs: 0, startsBelowSoc: 0, exportedWh: 0, pvWh: 0, routedWh: 0, minSocPct: 100 };
  for (const l of loads) {
    result.starts[l.id] = 0;
    result.runs[l.id] = [];
  }
  const onSince: Record<string, number | null> = {};
  let socPct = o.battery?.startSocPct ?? 0;
  for (let t = startMs; t < endMs; t += stepMs) {
    const hour = (t - startMs) / (60 * M) + 6;
    const h = hour >= 24 ? hour - 24 : hour;
    // A sine from 07:30 to 20:30 (June), scaled by the clouds.
    const sun = h > 7.5 && h < 20.5 ? Math.sin(((h - 7.5) / 13) * Math.PI) : 0;
    const pvW = Math.round(o.peakPvW * sun * cover(t - startMs));
    const houseW = 350 + (h >= 12 && h < 13 ? 1500 : 0) + (h >= 19 && h < 21 ? 900 : 0);
    let loadsW = 0;
    for (const l of loads) {
      const s = router.loads[l.id];
      if (s?.on) loadsW += s.setpointW;
    }
    let netW = pvW - houseW - loadsW; // > 0 spare
    let batteryW = 0;
    if (o.battery) {
      const b = o.battery;
      batteryW = netW > 0 ? (socPct >= 100 ? 0 : Math.min(netW, b.maxChargeW)) : socPct <= 10 ? 0 : Math.max(netW, -b.maxDischargeW);
      socPct = Math.min(100, Math.max(0, socPct + (batteryW * stepMs) / 3_600_000 / b.capacityWh * 100));
      netW -= batteryW;
      result.minSocPct = Math.min(result.minSocPct, socPct);
    }
    // Off-grid: what the battery cannot take is curtailed, what it cannot give is not there (the loads would stop).
    const exportW = o.offGrid ? 0 : netW;
    if (exportW > 0) result.exportedWh += (exportW * stepMs) / 3_600_000;
    result.pvWh += (pvW * stepMs) / 3_600_000;
    result.routedWh += (loadsW * stepMs) / 3_600_000;
    if (!o.offGrid && !o.battery) {
      const injectedVA = exportW > 0 ? Math.round(exportW) : 0;
      source = onMeterFrame(source, injectedVA, exportW < 0 ? Math.round(-exportW) : 0, undefined, t);
    } else {
      source = onGx(source, { gridW: o.offGrid ? null : Math.round(-exportW), socPct: Math.round(socPct * 10) / 10, batteryW: Math.round(batteryW), pvW }, !o.offGrid, t);
    }
    const inOverrun = o.overrun !== undefined && h >= o.overrun[0] && h < o.overrun[1];
    const prev = router;
    router = routeStep(router, loads, {
      nowMs: t,
      routable: routable(source, { offGrid: o.offGrid ?? false, routeSocPct: o.battery?.routeSocPct ?? 0, nowMs: t }),
      period: periodAt(t),
      offGrid: o.offGrid ?? false,
      overrun: inOverrun,
    });
    for (const l of loads) {
      const was = prev.loads[l.id]?.on ?? false;
      const s = router.loads[l.id];
      if (s.on && s.reason === "guarantee") {
        if (periodAt(t) === "hp") result.guaranteeHpMs += stepMs;
        else result.guaranteeHcMs += stepMs;
      }
      if (!was && s.on) {
        result.starts[l.id]++;
        onSince[l.id] = t;
        if (inOverrun) result.startsInOverrun++;
        if (o.battery && s.reason !== "guarantee" && socPct < o.battery.routeSocPct) result.startsBelowSoc++;
      }
      if (was && !s.on) {
        result.runs[l.id].push(t - (onSince[l.id] ?? t));
        onSince[l.id] = null;
      }
    }
  }
  result.router = router;
  return result;
}
