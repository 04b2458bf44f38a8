// Settings validation derived from the table: defaults, ranges and enums field by field, loads by kind.
// Never throws on bad input: every problem comes back as { field, message }.

import { LOAD_KINDS, type LoadKinds } from "../loads/kinds";
import type { LoadConfig } from "../loads/types";
import { validateOutputs } from "../plugs/config";
import type { FieldSpec } from "./field";
import { DEFAULT_LOAD_KIND, LOAD_FIELDS, MAX_LOADS, SETTINGS_FIELDS } from "./table";
import type { Settings } from "./types";

export interface FieldError {
  field: string;
  message: string;
}
export type SettingsResult = { ok: true; settings: Settings } | { ok: false; errors: FieldError[] };

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/**
 * Fields wave-1 boxes stored on every load: `modulating` (now the "modulating" kind) and `shedOrder` on kinds
 * without a pilot wire (it was ignored there). Accepted and dropped, so a box's saved settings survive the update.
 */
const LEGACY_LOAD_FIELDS = Object.freeze(["modulating", "shedOrder"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function defaultOf(row: FieldSpec): unknown {
  return Array.isArray(row.default) ? row.default.slice() : row.default;
}

/** One value against its row; reports and returns the default on a bad value. */
function checkField(row: FieldSpec, raw: unknown, field: string, errors: FieldError[]): unknown {
  if (raw === undefined) return defaultOf(row);
  if (raw === null && row.nullable) return null;
  const fail = (message: string): unknown => {
    errors.push({ field, message });
    return defaultOf(row);
  };
  switch (row.type) {
    case "integer": {
      if (typeof raw !== "number" || raw !== raw || Math.floor(raw) !== raw) return fail(`must be an integer, got ${JSON.stringify(raw)}`);
      if ((row.min !== undefined && raw < row.min) || (row.max !== undefined && raw > row.max)) {
        errors.push({ field, message: `must be between ${row.min} and ${row.max}, got ${raw}` });
      }
      return raw;
    }
    case "decimal": {
      if (typeof raw !== "number" || !isFinite(raw)) return fail(`must be a number, got ${JSON.stringify(raw)}`);
      const scale = Math.pow(10, row.decimals ?? 0);
      // A price typed with more digits than the bill has is a typo, not a finer price.
      if (Math.abs(Math.round(raw * scale) - raw * scale) > 1e-6) return fail(`must have at most ${row.decimals ?? 0} decimals, got ${raw}`);
      if ((row.min !== undefined && raw < row.min) || (row.max !== undefined && raw > row.max)) {
        errors.push({ field, message: `must be between ${row.min} and ${row.max}, got ${raw}` });
      }
      return raw;
    }
    case "enum": {
      const values = row.values ?? [];
      if (typeof raw !== "string" || values.indexOf(raw) < 0) return fail(`must be one of ${values.join(", ")}, got ${JSON.stringify(raw)}`);
      return raw;
    }
    case "boolean":
      return typeof raw === "boolean" ? raw : fail("must be true or false");
    case "text":
      if (typeof raw !== "string") return fail("must be a string");
      if (row.pattern !== undefined && raw !== "" && !new RegExp(row.pattern).test(raw)) return fail(`does not have the expected form (${row.help.en})`);
      return raw;
    case "reasons": {
      if (!Array.isArray(raw)) return fail("must be an array of reasons");
      const values = row.values ?? [];
      const out: string[] = [];
      raw.forEach((r, j) => {
        if (typeof r !== "string" || values.indexOf(r) < 0) errors.push({ field: `${field}[${j}]`, message: `must be one of ${values.join(", ")}, got ${JSON.stringify(r)}` });
        else if (out.indexOf(r) < 0) out.push(r);
      });
      return out;
    }
  }
}

export function defaultSettings(): Settings {
  const out: Obj = { loads: [] };
  for (const row of SETTINGS_FIELDS) out[row.key] = defaultOf(row);
  return out as unknown as Settings;
}

/** Validate a whole settings object; missing fields take their defaults, unknown fields are errors. */
export function validateSettings(input: unknown, kinds: LoadKinds = LOAD_KINDS): SettingsResult {
  if (!isObj(input)) return { ok: false, errors: [{ field: "settings", message: "must be an object" }] };
  const errors: FieldError[] = [];
  const out: Obj = { loads: [] };
  for (const key of Object.keys(input)) {
    if (key !== "loads" && !SETTINGS_FIELDS.some((row) => row.key === key)) errors.push({ field: key, message: "unknown setting" });
  }
  for (const row of SETTINGS_FIELDS) out[row.key] = checkField(row, input[row.key], row.key, errors);
  const loads: LoadConfig[] = [];
  if (input.loads !== undefined) {
    if (!Array.isArray(input.loads)) errors.push({ field: "loads", message: "must be an array" });
    // Before any load is looked at: a hostile list costs no more than its length.
    else if (input.loads.length > MAX_LOADS) errors.push({ field: "loads", message: `at most ${MAX_LOADS} loads (the box's memory), got ${input.loads.length}` });
    else {
      input.loads.forEach((raw, i) => {
        const load = validateLoad(raw, `loads[${i}]`, kinds, errors);
        if (!load) return;
        if (loads.some((l) => l.id === load.id)) errors.push({ field: `loads[${i}].id`, message: `duplicate id "${load.id}"` });
        loads.push(load);
      });
    }
  }
  out.loads = loads;
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: out as unknown as Settings };
}

/**
 * Stored settings saved before MAX_LOADS existed may hold more loads: the first MAX_LOADS are kept and the others
 * named, so an update never trades the owner's settings for the defaults. Anything else passes through untouched.
 */
export function withinLoadBound(stored: unknown): { value: unknown; dropped: string[] } {
  if (!isObj(stored) || !Array.isArray(stored.loads) || stored.loads.length <= MAX_LOADS) return { value: stored, dropped: [] };
  const dropped = stored.loads.slice(MAX_LOADS).map((load) => (isObj(load) ? String(load.id) : JSON.stringify(load)));
  return { value: { ...stored, loads: stored.loads.slice(0, MAX_LOADS) }, dropped };
}

/** The fields a load of this kind has: the common rows, then the kind's own. */
export function loadFieldsOf(kind: string, kinds: LoadKinds = LOAD_KINDS): readonly FieldSpec[] {
  const own = kinds[kind]?.fields ?? [];
  return own.length === 0 ? LOAD_FIELDS : LOAD_FIELDS.concat(own);
}

function validateLoad(raw: unknown, at: string, kinds: LoadKinds, errors: FieldError[]): LoadConfig | null {
  if (!isObj(raw)) {
    errors.push({ field: at, message: "must be an object" });
    return null;
  }
  const kindNames = Object.keys(kinds);
  let kind = raw.kind === undefined ? DEFAULT_LOAD_KIND : raw.kind;
  if (typeof kind !== "string" || kindNames.indexOf(kind) < 0) {
    errors.push({ field: `${at}.kind`, message: `must be one of ${kindNames.join(", ")}, got ${JSON.stringify(raw.kind)}` });
    kind = DEFAULT_LOAD_KIND;
  }
  const rows = loadFieldsOf(kind as string, kinds);
  for (const key of Object.keys(raw)) {
    if (!rows.some((row) => row.key === key) && LEGACY_LOAD_FIELDS.indexOf(key) < 0 && key !== "outputs") errors.push({ field: `${at}.${key}`, message: "unknown load field" });
  }
  if (raw.modulating !== undefined && typeof raw.modulating !== "boolean") errors.push({ field: `${at}.modulating`, message: "must be true or false" });
  const id = raw.id;
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    errors.push({ field: `${at}.id`, message: "must be 1–32 characters a-z 0-9 _ - starting with a letter or digit" });
  }
  const name = raw.name === undefined ? String(id) : raw.name;
  if (typeof name !== "string" || name.length === 0 || name.length > 64) {
    errors.push({ field: `${at}.name`, message: "must be a string of 1–64 characters" });
  }
  const load: Obj = { id: String(id), name: String(name), kind };
  // Kind, id and name are checked above by their own rules; every other row by the table.
  for (const row of rows) {
    if (row.key === "kind" || row.key === "id" || row.key === "name") continue;
    if (row.required && raw[row.key] === undefined) errors.push({ field: `${at}.${row.key}`, message: "is required" });
    const kindPriority = row.key === "priority" && raw.priority === undefined ? kinds[kind as string]?.defaultPriority : undefined;
    load[row.key] = kindPriority ?? checkField(row, raw[row.key], `${at}.${row.key}`, errors);
  }
  // Smart plugs instead of the board's pins: a list, not a table row (src/plugs/config.ts checks it by field).
  const outputs = validateOutputs(raw.outputs, at, kind as string, kinds[kind as string].contacts, errors);
  if (outputs !== undefined) load.outputs = outputs;
  return load as unknown as LoadConfig;
}
