// Where the PV surplus is read: the meter's injection (SINSTI, or EAIT's rise), the GX's grid power, or an MQTT topic
// the owner names; with a battery, its charge power above a SoC threshold. Pure reducers; never reads the clock.

/** Which measure says how much is exported. */
export type SurplusSourceKind = "meter" | "gx" | "mqtt";
/** Sign of the owner's MQTT topic: exported power positive (most routers) or imported power positive (most meters). */
export type SurplusSign = "export-positive" | "import-positive";

/** A measure older than this says nothing (a meter frame comes every 1–2 s, the GX every second). */
export const SURPLUS_STALE_MS = 30_000;
/** EAIT counts whole Wh: a rise over less than this is too coarse to make a power of (1 Wh in 30 s is 120 W). */
const EAIT_MIN_SPAN_MS = 30_000;
/** A battery at or above this is full: the charger throttles PV, so its charge power no longer shows what is spare. */
export const FULL_SOC_PCT = 98;

export interface SurplusSourceState {
  /** Export now, W (> 0 exported, < 0 imported); null: not known. */
  exportW: number | null;
  exportAtMs: number | null;
  socPct: number | null;
  /** > 0 charging. */
  batteryW: number | null;
  pvW: number | null;
  batteryAtMs: number | null;
  /** EAIT and when it was read, to make a power of its rise. */
  eaitWh: number | null;
  eaitAtMs: number | null;
}

export const INITIAL_SOURCE: SurplusSourceState = Object.freeze({
  exportW: null,
  exportAtMs: null,
  socPct: null,
  batteryW: null,
  pvW: null,
  batteryAtMs: null,
  eaitWh: null,
  eaitAtMs: null,
});

/** A meter frame: SINSTI (VA injected) and the drawn VA; without SINSTI, EAIT's rise over EAIT_MIN_SPAN_MS. */
export function onMeterFrame(s: SurplusSourceState, injectedVA: number | undefined, drawnVA: number | undefined, eaitWh: number | undefined, nowMs: number): SurplusSourceState {
  if (injectedVA !== undefined) {
    return { ...s, exportW: injectedVA - (drawnVA ?? 0), exportAtMs: nowMs };
  }
  if (eaitWh === undefined) return s;
  if (s.eaitWh === null || s.eaitAtMs === null || eaitWh < s.eaitWh) return { ...s, eaitWh, eaitAtMs: nowMs };
  const spanMs = nowMs - s.eaitAtMs;
  if (spanMs < EAIT_MIN_SPAN_MS) return s;
  const injectedW = Math.round(((eaitWh - s.eaitWh) * 3_600_000) / spanMs);
  return { ...s, exportW: injectedW > 0 ? injectedW : -(drawnVA ?? 0), exportAtMs: nowMs, eaitWh, eaitAtMs: nowMs };
}

/** The GX's readings (grid > 0 importing, battery > 0 charging); `useGrid` when the GX is the surplus source. */
export function onGx(s: SurplusSourceState, r: { gridW: number | null; socPct: number | null; batteryW: number | null; pvW: number | null }, useGrid: boolean, nowMs: number): SurplusSourceState {
  const next: SurplusSourceState = { ...s, socPct: r.socPct, batteryW: r.batteryW, pvW: r.pvW, batteryAtMs: nowMs };
  if (useGrid) {
    next.exportW = r.gridW === null ? null : -r.gridW;
    next.exportAtMs = nowMs;
  }
  return next;
}

/** The owner's topic, in W with its sign convention. */
export function onTopic(s: SurplusSourceState, valueW: number, sign: SurplusSign, nowMs: number): SurplusSourceState {
  return { ...s, exportW: sign === "export-positive" ? valueW : -valueW, exportAtMs: nowMs };
}

export interface Routable {
  /** Power the router may hand out now beyond what already runs (< 0: importing, or the battery feeding us). */
  routableW: number | null;
  /** The battery is full (off-grid: PV is being thrown away; one more load may start). */
  full: boolean;
  detail: string;
  numbers: Record<string, number | string>;
}

export interface RoutableOptions {
  /** No grid: the battery and PV drive everything. */
  offGrid: boolean;
  /** A battery is there: its charge power counts only above this SoC, its discharge always counts against. */
  routeSocPct: number;
  nowMs: number;
}

/**
 * What may be routed: the export, plus the battery's charge power once its SoC is above the threshold (with a
 * battery the grid sits near 0 W, so the grid alone would never say stop); the battery's discharge always counts
 * as import. Off-grid there is no export: the battery alone speaks. Stale or missing measures make it unknown.
 */
export function routable(s: SurplusSourceState, o: RoutableOptions): Routable {
  const fresh = (atMs: number | null): boolean => atMs !== null && o.nowMs - atMs <= SURPLUS_STALE_MS;
  const batteryKnown = s.batteryW !== null && s.socPct !== null && fresh(s.batteryAtMs);
  const exportKnown = !o.offGrid && s.exportW !== null && fresh(s.exportAtMs);
  if (o.offGrid && !batteryKnown) return { routableW: null, full: false, detail: "off-grid: no battery reading from the GX", numbers: {} };
  if (!o.offGrid && !exportKnown) return { routableW: null, full: false, detail: "no recent export measure", numbers: {} };
  let w = exportKnown ? (s.exportW as number) : 0;
  const numbers: Record<string, number | string> = exportKnown ? { exportW: w } : {};
  let detail = exportKnown ? `export ${w} W` : "off-grid";
  let full = false;
  if (batteryKnown) {
    const soc = s.socPct as number;
    const batteryW = s.batteryW as number;
    const counted = soc >= o.routeSocPct ? batteryW : batteryW < 0 ? batteryW : 0;
    w += counted;
    full = o.offGrid && soc >= FULL_SOC_PCT;
    numbers.socPct = soc;
    numbers.batteryW = batteryW;
    numbers.routeSocPct = o.routeSocPct;
    detail += soc >= o.routeSocPct ? `, battery ${batteryW} W at ${soc} % (≥ ${o.routeSocPct} %)` : `, battery at ${soc} % < ${o.routeSocPct} %: its charge is kept`;
  }
  numbers.routableW = w;
  return { routableW: w, full, detail, numbers };
}
