// Scenario file parsing: JSON text → a checked Scenario, or errors naming the field and why.
// Never throws on bad input and never runs anything.

import { validateSettings, type FieldError } from "../../src/settings/validate";
import type { ColourOrUnknown, LoadOverride, OwnerMode, Settings } from "../../src/app/types";
import { parseIsoWithOffset } from "../../src/tariff/local-time";

export type MeterColour = "blue" | "white" | "red";

export interface ScenarioMeter {
  mode: "historic" | "standard";
  contract: "tempo" | "base" | "hc-hp";
  phases: 1 | 3;
  subscribedKVA: number;
  framePeriodMs: number;
  colour: MeterColour;
  tomorrow: MeterColour | "unknown";
  /** At 06:00 the meter makes tomorrow's colour today's (as a real Linky does). */
  rollAt06: boolean;
  /** How far the meter's clock is from ours (standard mode DATE), ms. */
  clockOffsetMs: number;
}

export type ScenarioAction =
  | { kind: "meter"; colour?: MeterColour; tomorrow?: MeterColour | "unknown" }
  | { kind: "base-load"; powerVA: number }
  | { kind: "homekit"; target: OwnerMode }
  | { kind: "button" }
  | { kind: "unplug" }
  | { kind: "plug" }
  | { kind: "power-cut"; durationMs: number }
  | { kind: "override"; loadId: string; override: LoadOverride; forMs?: number }
  | { kind: "tomorrow-external"; colour: ColourOrUnknown; source: string };

export interface ScenarioStep {
  atMs: number;
  action: ScenarioAction;
}

export interface Scenario {
  name: string;
  startMs: number;
  endMs: number;
  baseLoadVA: number;
  meter: ScenarioMeter;
  settings: Settings;
  steps: ScenarioStep[];
}

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: FieldError[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const COLOURS = Object.freeze(["blue", "white", "red"]);
const STEP_KINDS = Object.freeze(["meter", "baseLoadVA", "homekit", "button", "unplug", "plug", "powerCut", "override", "tomorrowExternal"]);

export function parseScenario(text: string): ScenarioResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ field: "(file)", message: `not JSON: ${(error as Error).message}` }] };
  }
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  if (!isObj(raw)) return { ok: false, errors: [{ field: "(file)", message: "must be a JSON object" }] };

  const time = (v: unknown, field: string): number => {
    const ms = typeof v === "string" ? parseIsoWithOffset(v) : NaN;
    if (ms !== ms) fail(field, `must be ISO 8601 with an offset, e.g. "2026-01-15T05:00:00+01:00", got ${JSON.stringify(v)}`);
    return ms;
  };
  const num = (v: unknown, field: string, min: number, max: number, fallback: number): number => {
    if (v === undefined) return fallback;
    if (typeof v !== "number" || v !== v || v < min || v > max) {
      fail(field, `must be a number between ${min} and ${max}, got ${JSON.stringify(v)}`);
      return fallback;
    }
    return v;
  };
  const pick = <T extends string>(v: unknown, field: string, allowed: readonly string[], fallback: T): T => {
    if (v === undefined) return fallback;
    if (typeof v !== "string" || allowed.indexOf(v) < 0) {
      fail(field, `must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
      return fallback;
    }
    return v as T;
  };

  const startMs = time(raw.start, "start");
  const endMs = time(raw.end, "end");
  if (startMs === startMs && endMs === endMs && endMs <= startMs) fail("end", "must be after start");
  if (endMs - startMs > 400 * 86_400_000) fail("end", "a scenario may last at most 400 days");

  const m = raw.meter === undefined ? {} : raw.meter;
  if (!isObj(m)) fail("meter", "must be an object");
  const mo: Obj = isObj(m) ? m : {};
  const meter: ScenarioMeter = {
    mode: pick(mo.mode, "meter.mode", ["historic", "standard"], "historic"),
    contract: pick(mo.contract, "meter.contract", ["tempo", "base", "hc-hp"], "tempo"),
    phases: num(mo.phases, "meter.phases", 1, 3, 1) === 3 ? 3 : 1,
    subscribedKVA: num(mo.subscribedKVA, "meter.subscribedKVA", 3, 36, 9),
    framePeriodMs: num(mo.framePeriodMs, "meter.framePeriodMs", 500, 5000, 1500),
    colour: pick(mo.colour, "meter.colour", COLOURS, "blue"),
    tomorrow: pick(mo.tomorrow, "meter.tomorrow", [...COLOURS, "unknown"], "unknown"),
    rollAt06: mo.rollAt06 === undefined ? true : mo.rollAt06 === true,
    clockOffsetMs: num(mo.clockOffsetMs, "meter.clockOffsetMs", -86_400_000, 86_400_000, 0),
  };
  if (mo.phases !== undefined && mo.phases !== 1 && mo.phases !== 3) fail("meter.phases", "must be 1 or 3");

  const checked = validateSettings(raw.settings ?? {});
  let settings = checked.ok ? checked.settings : validateDefaults();
  if (!checked.ok) for (const e of checked.errors) fail(`settings.${e.field}`, e.message);
  if (checked.ok) settings = checked.settings;
  const loadIds = settings.loads.map((l) => l.id);

  const steps: ScenarioStep[] = [];
  if (raw.steps !== undefined && !Array.isArray(raw.steps)) fail("steps", "must be an array");
  const rawSteps = Array.isArray(raw.steps) ? raw.steps : [];
  let previousMs = startMs;
  rawSteps.forEach((s, i) => {
    const at = `steps[${i}]`;
    if (!isObj(s)) return fail(at, "must be an object");
    const atMs = time(s.at, `${at}.at`);
    if (atMs === atMs && (atMs < startMs || atMs > endMs)) fail(`${at}.at`, "must lie between start and end");
    if (atMs === atMs && atMs < previousMs) fail(`${at}.at`, "steps must be in time order");
    if (atMs === atMs) previousMs = atMs;
    const kinds = Object.keys(s).filter((k) => k !== "at" && k !== "note");
    if (kinds.length !== 1 || STEP_KINDS.indexOf(kinds[0]) < 0) {
      return fail(at, `needs exactly one of ${STEP_KINDS.join(", ")} (plus "at" and an optional "note"), got ${JSON.stringify(kinds)}`);
    }
    const action = parseAction(kinds[0], s[kinds[0]], `${at}.${kinds[0]}`, loadIds, fail, num, pick);
    if (action) steps.push({ atMs, action });
  });

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    scenario: {
      name: typeof raw.name === "string" ? raw.name : "scenario",
      startMs,
      endMs,
      baseLoadVA: num(raw.baseLoadVA, "baseLoadVA", 0, 36_000, 500),
      meter,
      settings,
      steps,
    },
  };
}

function validateDefaults(): Settings {
  const d = validateSettings({});
  if (!d.ok) throw new Error("default settings must validate");
  return d.settings;
}

function parseAction(
  kind: string,
  v: unknown,
  field: string,
  loadIds: string[],
  fail: (field: string, message: string) => void,
  num: (v: unknown, field: string, min: number, max: number, fallback: number) => number,
  pick: <T extends string>(v: unknown, field: string, allowed: readonly string[], fallback: T) => T,
): ScenarioAction | null {
  switch (kind) {
    case "meter": {
      if (!isObj(v)) return fail(field, "must be an object like {\"colour\":\"red\"}"), null;
      const a: ScenarioAction = { kind: "meter" };
      if (v.colour !== undefined) a.colour = pick(v.colour, `${field}.colour`, COLOURS, "blue");
      if (v.tomorrow !== undefined) a.tomorrow = pick(v.tomorrow, `${field}.tomorrow`, [...COLOURS, "unknown"], "unknown");
      return a;
    }
    case "baseLoadVA":
      return { kind: "base-load", powerVA: num(v, field, 0, 36_000, 0) };
    case "homekit": {
      const o: Obj = isObj(v) ? v : {};
      if (!isObj(v)) fail(field, "must be an object like {\"target\":\"HEAT\"}");
      return { kind: "homekit", target: pick(o.target, `${field}.target`, ["HEAT", "AUTO"], "AUTO") };
    }
    case "button":
      if (v !== "press") fail(field, `must be "press", got ${JSON.stringify(v)}`);
      return { kind: "button" };
    case "unplug":
    case "plug":
      if (v !== true) fail(field, "must be true");
      return { kind };
    case "powerCut": {
      const o: Obj = isObj(v) ? v : {};
      if (!isObj(v)) fail(field, "must be an object like {\"durationMs\":60000}");
      return { kind: "power-cut", durationMs: num(o.durationMs, `${field}.durationMs`, 1000, 86_400_000, 60_000) };
    }
    case "override": {
      const o: Obj = isObj(v) ? v : {};
      if (!isObj(v)) fail(field, "must be an object like {\"load\":\"boiler\",\"override\":\"off\"}");
      if (typeof o.load !== "string" || loadIds.indexOf(o.load) < 0) fail(`${field}.load`, `must name a load in settings.loads (${loadIds.join(", ")})`);
      const a: ScenarioAction = { kind: "override", loadId: String(o.load), override: pick(o.override, `${field}.override`, ["auto", "on", "off"], "auto") };
      if (o.forMs !== undefined) a.forMs = num(o.forMs, `${field}.forMs`, 1000, 30 * 86_400_000, 0);
      return a;
    }
    case "tomorrowExternal": {
      const o: Obj = isObj(v) ? v : {};
      if (!isObj(v)) fail(field, "must be an object like {\"colour\":\"red\",\"source\":\"rte\"}");
      return {
        kind: "tomorrow-external",
        colour: pick(o.colour, `${field}.colour`, [...COLOURS, "unknown"], "unknown"),
        source: typeof o.source === "string" ? o.source : "external",
      };
    }
  }
  return null;
}
