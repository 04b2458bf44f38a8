// The checks of the owner's hot-water and heat-pump writes (target temperature, boost length), shared by the REST API
// and the MQTT commands so both refuse the same values with the same field and words. Pure; never applies anything.

import type { LoadConfig, Settings } from "../app/types";
import { LOAD_KINDS } from "../loads/kinds";
import { validateSettings, type FieldError } from "../settings/validate";

/** Boost durations the plan allows: long enough to matter, short enough to be a boost, not a setting. */
export const BOOST_MINUTES = Object.freeze({ min: 15, max: 120 });

/** A refused write: the field the caller sent and why, in English (the pages translate their own). */
export interface WriteRefusal {
  field: string;
  message: string;
}

/** A kind's target range, from its settings row (one source for the API, the settings page and Home Assistant). */
export function targetRangeOf(kind: LoadConfig["kind"]): { min: number; max: number } | undefined {
  const row = LOAD_KINDS[kind]?.fields.find((f) => f.key === "targetTemperatureC");
  return row === undefined ? undefined : { min: row.min ?? 0, max: row.max ?? 0 };
}

/** A target temperature for this load: only a water heater or a heat pump with a probe; a whole °C in the kind's range. */
export function targetRefusal(load: LoadConfig, value: unknown): WriteRefusal | undefined {
  const field = "targetTemperatureC";
  if (load.kind === "sg-ready" && !load.probe) return { field, message: "this heat pump has no probe: the box cannot hold a temperature (set probe in its settings first)" };
  const range = targetRangeOf(load.kind);
  if (range === undefined) return { field: "id", message: `${load.id} is a ${load.kind} load: it has no target temperature` };
  if (typeof value !== "number" || !(value >= range.min && value <= range.max) || Math.floor(value) !== value) {
    return { field, message: `must be an integer between ${range.min} and ${range.max} °C, got ${JSON.stringify(value)}` };
  }
  return undefined;
}

/** A boost length in minutes (the API's durationMin). */
export function boostRefusal(minutes: unknown): WriteRefusal | undefined {
  if (typeof minutes !== "number" || !(minutes >= BOOST_MINUTES.min && minutes <= BOOST_MINUTES.max) || Math.floor(minutes) !== minutes) {
    return { field: "durationMin", message: `must be an integer between ${BOOST_MINUTES.min} and ${BOOST_MINUTES.max}, got ${JSON.stringify(minutes)}` };
  }
  return undefined;
}

export type LoadPatchResult = { ok: true; loads: LoadConfig[] } | { ok: false; refusal?: WriteRefusal; errors: FieldError[] };

/**
 * The load list with one load's fields changed, checked whole by validateSettings (as any settings change): the list
 * to save, or the errors — `refusal` when one is the changed field's own (named as the caller sent it).
 */
export function patchedLoads(settings: Settings, id: string, patch: Readonly<Record<string, unknown>>, field: string): LoadPatchResult {
  const loads = settings.loads.map((l) => (l.id === id ? { ...l, ...patch } : l));
  const checked = validateSettings({ ...settings, loads });
  if (checked.ok) return { ok: true, loads: checked.settings.loads };
  const i = loads.findIndex((l) => l.id === id);
  const own = checked.errors.find((e) => e.field === `loads[${i}].${field}`);
  return own !== undefined ? { ok: false, refusal: { field, message: own.message }, errors: checked.errors } : { ok: false, errors: checked.errors };
}
