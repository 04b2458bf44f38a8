// Settings schema: defaults and field-by-field validation of untrusted input (web, scenario file, flash).
// Never throws on bad input: every problem comes back as { field, message }.

import type { LoadConfig, Settings, ShedReason } from "./types";

export interface FieldError {
  field: string;
  message: string;
}
export type SettingsResult = { ok: true; settings: Settings } | { ok: false; errors: FieldError[] };

const MINUTE_MS = 60_000;

/** Load defaults: a fil-pilote heater shed to hors-gel on every reason but meter loss. */
export const LOAD_DEFAULTS = Object.freeze({
  kind: "fil-pilote-1",
  shedOrder: "hors-gel",
  priority: 2,
  modulating: false,
  shedBy: Object.freeze(["red_peak", "white_peak", "overload"]),
  minOnMs: 60_000,
  minOffMs: 60_000,
  maxSwitchesPerDay: 48,
} as const);

export function defaultSettings(): Settings {
  return {
    loads: [],
    heatDurationMs: null,
    unknownColourPolicy: "white",
    rotationPeriodMs: 5 * MINUTE_MS,
    overloadRestoreMarginW: 300,
    overloadRestoreHoldMs: 60_000,
    meterLostTimeoutMs: 10_000,
    availablePowerW: null,
    availableMarginW: 500,
    fallbackSubscribedVA: 6000,
    meterClockToleranceMs: 5 * MINUTE_MS,
  };
}

const KINDS = Object.freeze(["relay", "fil-pilote-1", "fil-pilote-2", "sg-ready"]);
const SHED_ORDERS = Object.freeze(["hors-gel", "arret", "eco"]);
const SHED_REASONS = Object.freeze(["red_peak", "white_peak", "overload", "meter_lost"]);
const POLICIES = Object.freeze(["white", "red", "blue"]);
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Checker {
  errors: FieldError[] = [];
  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }
  number(obj: Obj, key: string, field: string, fallback: number, min: number, max: number, integer = true): number {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== "number" || v !== v || (integer && Math.floor(v) !== v)) {
      this.fail(field, `must be ${integer ? "an integer" : "a number"}, got ${JSON.stringify(v)}`);
      return fallback;
    }
    if (v < min || v > max) this.fail(field, `must be between ${min} and ${max}, got ${v}`);
    return v;
  }
  oneOf<T extends string>(obj: Obj, key: string, field: string, fallback: T, allowed: readonly string[]): T {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string" || allowed.indexOf(v) < 0) {
      this.fail(field, `must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
      return fallback;
    }
    return v as T;
  }
}

const SETTINGS_KEYS = Object.freeze([
  "loads",
  "heatDurationMs",
  "unknownColourPolicy",
  "rotationPeriodMs",
  "overloadRestoreMarginW",
  "overloadRestoreHoldMs",
  "meterLostTimeoutMs",
  "availablePowerW",
  "availableMarginW",
  "fallbackSubscribedVA",
  "meterClockToleranceMs",
]);
const LOAD_KEYS = Object.freeze([
  "id",
  "name",
  "kind",
  "shedOrder",
  "priority",
  "nominalPowerW",
  "modulating",
  "shedBy",
  "minOnMs",
  "minOffMs",
  "maxSwitchesPerDay",
]);

/** Validate a whole settings object; missing fields take their defaults, unknown fields are errors. */
export function validateSettings(input: unknown): SettingsResult {
  const c = new Checker();
  const d = defaultSettings();
  if (!isObj(input)) return { ok: false, errors: [{ field: "settings", message: "must be an object" }] };
  for (const key of Object.keys(input)) if (SETTINGS_KEYS.indexOf(key) < 0) c.fail(key, "unknown setting");
  const settings: Settings = {
    loads: [],
    heatDurationMs: d.heatDurationMs,
    unknownColourPolicy: c.oneOf(input, "unknownColourPolicy", "unknownColourPolicy", d.unknownColourPolicy, POLICIES),
    rotationPeriodMs: c.number(input, "rotationPeriodMs", "rotationPeriodMs", d.rotationPeriodMs, MINUTE_MS, 24 * 60 * MINUTE_MS),
    overloadRestoreMarginW: c.number(input, "overloadRestoreMarginW", "overloadRestoreMarginW", d.overloadRestoreMarginW, 0, 10_000),
    overloadRestoreHoldMs: c.number(input, "overloadRestoreHoldMs", "overloadRestoreHoldMs", d.overloadRestoreHoldMs, 0, 3_600_000),
    meterLostTimeoutMs: c.number(input, "meterLostTimeoutMs", "meterLostTimeoutMs", d.meterLostTimeoutMs, 3000, 600_000),
    availablePowerW: d.availablePowerW,
    availableMarginW: c.number(input, "availableMarginW", "availableMarginW", d.availableMarginW, 0, 36_000),
    fallbackSubscribedVA: c.number(input, "fallbackSubscribedVA", "fallbackSubscribedVA", d.fallbackSubscribedVA, 1000, 36_000),
    meterClockToleranceMs: c.number(input, "meterClockToleranceMs", "meterClockToleranceMs", d.meterClockToleranceMs, 1000, 86_400_000),
  };
  if (input.heatDurationMs !== undefined && input.heatDurationMs !== null) {
    settings.heatDurationMs = c.number(input, "heatDurationMs", "heatDurationMs", 0, MINUTE_MS, 24 * 60 * MINUTE_MS);
  }
  if (input.availablePowerW !== undefined && input.availablePowerW !== null) {
    settings.availablePowerW = c.number(input, "availablePowerW", "availablePowerW", 0, 0, 100_000);
  }
  if (input.loads !== undefined) {
    if (!Array.isArray(input.loads)) c.fail("loads", "must be an array");
    else {
      const seen: string[] = [];
      input.loads.forEach((raw, i) => {
        const load = validateLoad(c, raw, `loads[${i}]`);
        if (!load) return;
        if (seen.indexOf(load.id) >= 0) c.fail(`loads[${i}].id`, `duplicate id "${load.id}"`);
        seen.push(load.id);
        settings.loads.push(load);
      });
    }
  }
  return c.errors.length > 0 ? { ok: false, errors: c.errors } : { ok: true, settings };
}

function validateLoad(c: Checker, raw: unknown, at: string): LoadConfig | null {
  if (!isObj(raw)) {
    c.fail(at, "must be an object");
    return null;
  }
  for (const key of Object.keys(raw)) if (LOAD_KEYS.indexOf(key) < 0) c.fail(`${at}.${key}`, "unknown load field");
  const id = raw.id;
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    c.fail(`${at}.id`, "must be 1–32 characters a-z 0-9 _ - starting with a letter or digit");
  }
  const name = raw.name === undefined ? String(id) : raw.name;
  if (typeof name !== "string" || name.length === 0 || name.length > 64) c.fail(`${at}.name`, "must be a string of 1–64 characters");
  if (raw.nominalPowerW === undefined) c.fail(`${at}.nominalPowerW`, "is required");
  let shedBy: ShedReason[] = LOAD_DEFAULTS.shedBy.slice() as ShedReason[];
  if (raw.shedBy !== undefined) {
    if (!Array.isArray(raw.shedBy)) c.fail(`${at}.shedBy`, "must be an array of reasons");
    else {
      shedBy = [];
      raw.shedBy.forEach((r, j) => {
        if (typeof r !== "string" || SHED_REASONS.indexOf(r) < 0) {
          c.fail(`${at}.shedBy[${j}]`, `must be one of ${SHED_REASONS.join(", ")}, got ${JSON.stringify(r)}`);
        } else if (shedBy.indexOf(r as ShedReason) < 0) shedBy.push(r as ShedReason);
      });
    }
  }
  if (raw.modulating !== undefined && typeof raw.modulating !== "boolean") c.fail(`${at}.modulating`, "must be true or false");
  return {
    id: String(id),
    name: String(name),
    kind: c.oneOf(raw, "kind", `${at}.kind`, LOAD_DEFAULTS.kind, KINDS),
    shedOrder: c.oneOf(raw, "shedOrder", `${at}.shedOrder`, LOAD_DEFAULTS.shedOrder, SHED_ORDERS),
    priority: c.number(raw, "priority", `${at}.priority`, LOAD_DEFAULTS.priority, 0, 4) as LoadConfig["priority"],
    nominalPowerW: c.number(raw, "nominalPowerW", `${at}.nominalPowerW`, 0, 1, 36_000),
    modulating: raw.modulating === true,
    shedBy,
    minOnMs: c.number(raw, "minOnMs", `${at}.minOnMs`, LOAD_DEFAULTS.minOnMs, 0, 3_600_000),
    minOffMs: c.number(raw, "minOffMs", `${at}.minOffMs`, LOAD_DEFAULTS.minOffMs, 0, 3_600_000),
    maxSwitchesPerDay: c.number(raw, "maxSwitchesPerDay", `${at}.maxSwitchesPerDay`, LOAD_DEFAULTS.maxSwitchesPerDay, 1, 10_000),
  };
}
