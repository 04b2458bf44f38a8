// The settings form: posted fields → a settings candidate checked by validateSettings, errors named per form field.
// Never throws on what a browser (or an attacker) posts, and never decides validity itself: src/app does.

import { validateSettings, type FieldError, type SettingsResult } from "../settings/validate";
import type { Settings } from "../app/types";
import type { Lang } from "../text/i18n";

/** The form edits these load fields, named as validateSettings names them (`loads[0].priority`). */
export const LOAD_FORM_FIELDS = Object.freeze(["name", "kind", "priority", "nominalPowerW", "shedOrder"] as const);
export type LoadFormField = (typeof LOAD_FORM_FIELDS)[number];
const NUMERIC_LOAD_FIELDS: readonly string[] = Object.freeze(["priority", "nominalPowerW"]);

export const GENERAL_FORM_FIELDS = Object.freeze({ availablePowerW: "availablePowerW", heatDurationMin: "heatDurationMin" });
/** Enough for 10 loads: a bigger post is refused by the field limit, not read in full. */
export const SETTINGS_FORM_MAX_FIELDS = 64;
const MINUTE_MS = 60_000;

export const loadFieldName = (index: number, field: LoadFormField): string => `loads[${index}].${field}`;

/** A number when the text is one; else the text, so the validator reports it as "must be an integer, got ...". */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * The form edits the loads the box has (their outputs are wired at boot), so each posted load is matched by
 * position to a current one; every field the form does not show is kept as it is.
 */
export function settingsFromForm(fields: Record<string, string>, current: Settings): SettingsResult {
  const loads = current.loads.map((load, i) => {
    const next: Record<string, unknown> = { ...load, shedBy: load.shedBy.slice() };
    for (const field of LOAD_FORM_FIELDS) {
      const posted = fields[loadFieldName(i, field)];
      if (posted === undefined) continue;
      next[field] = NUMERIC_LOAD_FIELDS.indexOf(field) >= 0 ? numberOrText(posted) : posted.trim();
    }
    return next;
  });
  const candidate: Record<string, unknown> = { ...current, loads };
  const power = fields[GENERAL_FORM_FIELDS.availablePowerW];
  if (power !== undefined) candidate.availablePowerW = power.trim() === "" ? null : numberOrText(power);
  const minutes = fields[GENERAL_FORM_FIELDS.heatDurationMin];
  if (minutes !== undefined) {
    const value = numberOrText(minutes);
    candidate.heatDurationMs = minutes.trim() === "" ? null : typeof value === "number" ? Math.round(value * MINUTE_MS) : value;
  }
  const result = validateSettings(candidate);
  if (result.ok) return result;
  return { ok: false, errors: result.errors.map((e) => (e.field === "heatDurationMs" ? { field: GENERAL_FORM_FIELDS.heatDurationMin, message: "must be between 1 and 1440 minutes" } : e)) };
}

/** The form's values after a refusal: what was posted, so the owner corrects rather than retypes. */
export function echoOf(fields: Record<string, string>): Record<string, string> {
  const echo: Record<string, string> = Object.create(null);
  for (const name of Object.keys(fields)) if (name !== "csrf") echo[name] = fields[name];
  return echo;
}

/** validateSettings speaks English; the French page says the same with these patterns (one line each). */
const FRENCH_MESSAGES: readonly (readonly [RegExp, string])[] = Object.freeze([
  Object.freeze([/^must be between (\S+) and (\S+), got (.*)$/, "doit être entre $1 et $2 (reçu $3)"] as const),
  Object.freeze([/^must be between 1 and 1440 minutes$/, "doit être entre 1 et 1440 minutes"] as const),
  Object.freeze([/^must be an integer, got (.*)$/, "doit être un nombre entier (reçu $1)"] as const),
  Object.freeze([/^must be a number, got (.*)$/, "doit être un nombre (reçu $1)"] as const),
  Object.freeze([/^must be one of (.*), got (.*)$/, "doit être l’un de : $1 (reçu $2)"] as const),
  Object.freeze([/^must be a string of 1–64 characters$/, "doit faire de 1 à 64 caractères"] as const),
  Object.freeze([/^is required$/, "est obligatoire"] as const),
]);

export function localMessage(lang: Lang, message: string): string {
  if (lang === "en") return message;
  for (const [pattern, french] of FRENCH_MESSAGES) if (pattern.test(message)) return message.replace(pattern, french);
  return message;
}

export type { FieldError };
