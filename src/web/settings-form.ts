// The settings form: posted fields → a settings candidate checked by validateSettings, errors named per form field.
// Never throws on what a browser (or an attacker) posts, and never decides validity itself: src/settings does.

import { LOAD_KINDS } from "../loads/kinds";
import type { Settings } from "../app/types";
import type { FieldSpec } from "../settings/field";
import { DEFAULT_LOAD_KIND, LOAD_FIELDS, SETTINGS_FIELDS } from "../settings/table";
import { loadFieldsOf, validateSettings, type FieldError, type SettingsResult } from "../settings/validate";
import type { Lang } from "../text/i18n";

/** Enough for 10 loads and the blank one (about 16 fields each) and the general rows: a bigger post is cut here, not read in full. */
export const SETTINGS_FORM_MAX_FIELDS = 256;

/** How a row stored in ms is typed on the page: the name's "Ms" becomes "Min" or "S" (heatDurationMs → heatDurationMin). */
export interface FormUnit {
  readonly label: string;
  readonly factorMs: number;
  readonly word: string;
  readonly nameSuffix: string;
}
const MINUTE_MS = 60_000;
const MINUTES: FormUnit = Object.freeze({ label: "min", factorMs: MINUTE_MS, word: "minutes", nameSuffix: "Min" });
const SECONDS: FormUnit = Object.freeze({ label: "s", factorMs: 1000, word: "seconds", nameSuffix: "S" });

/** Minutes when the row's range starts at a minute or more, else seconds (a meter timeout of 3 s). */
export function formUnitOf(row: FieldSpec): FormUnit | undefined {
  if (row.unit !== "ms") return undefined;
  return (row.min ?? 0) >= MINUTE_MS ? MINUTES : SECONDS;
}

/** The form field a row is posted as: its key, unless the page shows it in another unit than the table stores. */
export function formKeyOf(row: FieldSpec): string {
  const unit = formUnitOf(row);
  return unit === undefined ? row.key : row.key.replace(/Ms$/, unit.nameSuffix);
}

export const loadFieldName = (index: number, formKey: string): string => `loads[${index}].${formKey}`;
export const reasonFieldName = (index: number, key: string, reason: string): string => `loads[${index}].${key}.${reason}`;
export const removeFieldName = (index: number): string => `loads[${index}].remove`;

/** Every row a load field may be, whatever its kind (for labels and error names). */
export function loadRowByFormKey(formKey: string): FieldSpec | undefined {
  for (const row of LOAD_FIELDS) if (formKeyOf(row) === formKey || row.key === formKey) return row;
  for (const kind of Object.keys(LOAD_KINDS)) for (const row of LOAD_KINDS[kind].fields) if (formKeyOf(row) === formKey || row.key === formKey) return row;
  return undefined;
}

export function generalRowByFormKey(formKey: string): FieldSpec | undefined {
  for (const row of SETTINGS_FIELDS) if (formKeyOf(row) === formKey || row.key === formKey) return row;
  return undefined;
}

/** A stored value as the form shows it (null = empty = automatic; ms in the row's form unit). */
export function formText(row: FieldSpec, value: unknown): string {
  if (value === null || value === undefined) return "";
  const unit = formUnitOf(row);
  return unit !== undefined && typeof value === "number" ? String(value / unit.factorMs) : String(value);
}

/** A number when the text is one; else the text, so the validator reports it as "must be an integer, got ...". */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** A posted text as the row's value: empty is null where the row allows it; minutes or seconds back to whole ms. */
function valueFromForm(row: FieldSpec, text: string): unknown {
  if (row.type === "decimal") return numberOrText(text.replace(",", ".")); // a French keyboard types 0,1654
  if (row.type !== "integer") return text.trim();
  if (text.trim() === "" && row.nullable) return null;
  const value = numberOrText(text);
  const unit = formUnitOf(row);
  return unit !== undefined && typeof value === "number" ? Math.round(value * unit.factorMs) : value;
}

/** The keys of the rows the page showed in a load's fieldset: its stored kind's (the blank load shows the common rows). */
function shownKeys(load: Record<string, unknown>): Record<string, true> {
  const keys: Record<string, true> = {};
  for (const row of load.kind === undefined ? LOAD_FIELDS : loadFieldsOf(String(load.kind))) keys[row.key] = true;
  return keys;
}

/**
 * One load from its fieldset, by the rows of the kind posted. A fieldset posted whole (its id is there) makes an
 * absent checkbox unchecked — but only a checkbox the page showed: one of a kind chosen in this very post (a load
 * added, or its kind changed) was never on the page, so it takes the kind's default (a water heater's anti-legionella
 * on), not "unticked". A partial post (an API-like client) keeps what it does not name. Fields of a former kind are
 * dropped, so a kind change does not fail on them.
 */
function loadFromForm(fields: Record<string, string>, index: number, load: Record<string, unknown>): Record<string, unknown> {
  const whole = fields[loadFieldName(index, "id")] !== undefined;
  const posted = fields[loadFieldName(index, "kind")];
  const kind = posted !== undefined ? posted.trim() : (load.kind ?? DEFAULT_LOAD_KIND);
  const shown = shownKeys(load);
  const next: Record<string, unknown> = {};
  for (const row of loadFieldsOf(String(kind))) {
    let value = load[row.key];
    if (row.type === "reasons") {
      if (whole) value = (row.values ?? []).filter((reason) => fields[reasonFieldName(index, row.key, reason)] !== undefined);
    } else if (row.type === "boolean") {
      // Not shown: the stored value when the load had that field, else undefined (validateSettings gives the default).
      if (whole && (shown[row.key] || fields[loadFieldName(index, row.key)] !== undefined)) value = fields[loadFieldName(index, row.key)] !== undefined;
    } else {
      const text = fields[loadFieldName(index, formKeyOf(row))];
      if (text !== undefined) value = valueFromForm(row, text);
    }
    if (value !== undefined) next[row.key] = value;
  }
  next.kind = kind;
  // Smart-plug outputs are set through the API (a list per contact); the form keeps them as they are.
  if (load.outputs !== undefined) next.outputs = load.outputs;
  return next;
}

/** The blank "add a load" fieldset counts once it has an id, a name or a power. */
function newLoadPosted(fields: Record<string, string>, index: number): boolean {
  return ["id", "name", "nominalPowerW"].some((key) => (fields[loadFieldName(index, key)] ?? "").trim() !== "");
}

/** validateSettings names the candidate's fields; the owner typed them in the form's fields (index, unit). */
function formError(e: FieldError, formIndex: readonly number[]): FieldError {
  const m = /^loads\[(\d+)\]\.(\w+)(.*)$/.exec(e.field);
  const row = m ? loadRowByFormKey(m[2]) : generalRowByFormKey(e.field);
  if (row === undefined) return e;
  const field = m ? `${loadFieldName(formIndex[Number(m[1])] ?? Number(m[1]), formKeyOf(row))}${m[3]}` : formKeyOf(row);
  const unit = formUnitOf(row);
  if (unit === undefined || e.message.indexOf("must be between") !== 0) return { field, message: e.message };
  return { field, message: `must be between ${(row.min ?? 0) / unit.factorMs} and ${(row.max ?? 0) / unit.factorMs} ${unit.word}` };
}

/**
 * The loads the form shows are matched by position; a ticked "remove" drops one, the blank fieldset after them adds
 * one. General rows not posted keep their value, except a checkbox of a whole page's post: absent is unchecked.
 */
export function settingsFromForm(fields: Record<string, string>, current: Settings): SettingsResult {
  const loads: Record<string, unknown>[] = [];
  const formIndex: number[] = [];
  current.loads.forEach((load, i) => {
    if (fields[removeFieldName(i)] !== undefined) return;
    loads.push(loadFromForm(fields, i, load as unknown as Record<string, unknown>));
    formIndex.push(i);
  });
  const added = current.loads.length;
  if (newLoadPosted(fields, added)) {
    loads.push(loadFromForm(fields, added, {}));
    formIndex.push(added);
  }
  const candidate: Record<string, unknown> = { ...current, loads };
  // The page always posts its first general row: then an absent checkbox is unchecked, as for a whole load fieldset.
  const wholeGeneral = fields[formKeyOf(SETTINGS_FIELDS[0])] !== undefined;
  for (const row of SETTINGS_FIELDS) {
    const text = fields[formKeyOf(row)];
    if (row.secret && (text === undefined || text === "")) continue; // the form never shows a secret: empty keeps it
    if (row.type === "boolean") {
      if (text !== undefined || wholeGeneral) candidate[row.key] = text !== undefined;
    } else if (text !== undefined) candidate[row.key] = valueFromForm(row, text);
  }
  const result = validateSettings(candidate);
  return result.ok ? result : { ok: false, errors: result.errors.map((e) => formError(e, formIndex)) };
}

/** The form's values after a refusal: what was posted, so the owner corrects rather than retypes. */
export function echoOf(fields: Record<string, string>): Record<string, string> {
  const echo: Record<string, string> = Object.create(null);
  for (const name of Object.keys(fields)) if (name !== "csrf" && !generalRowByFormKey(name)?.secret) echo[name] = fields[name];
  return echo;
}

/** validateSettings speaks English; the French page says the same with these patterns (one line each). */
const FRENCH_MESSAGES: readonly (readonly [RegExp, string])[] = Object.freeze([
  Object.freeze([/^must be between (\S+) and (\S+), got (.*)$/, "doit être entre $1 et $2 (reçu $3)"] as const),
  Object.freeze([/^must be between (\S+) and (\S+) minutes$/, "doit être entre $1 et $2 minutes"] as const),
  Object.freeze([/^must be between (\S+) and (\S+) seconds$/, "doit être entre $1 et $2 secondes"] as const),
  Object.freeze([/^must be an integer, got (.*)$/, "doit être un nombre entier (reçu $1)"] as const),
  Object.freeze([/^must be a number, got (.*)$/, "doit être un nombre (reçu $1)"] as const),
  Object.freeze([/^must have at most (\S+) decimals, got (.*)$/, "doit avoir au plus $1 décimales (reçu $2)"] as const),
  Object.freeze([/^must be one of (.*), got (.*)$/, "doit être l’un de : $1 (reçu $2)"] as const),
  Object.freeze([/^must be a string of 1–64 characters$/, "doit faire de 1 à 64 caractères"] as const),
  Object.freeze([/^must be 1–32 characters a-z 0-9 _ - starting with a letter or digit$/, "doit faire de 1 à 32 caractères a-z 0-9 _ - et commencer par une lettre ou un chiffre"] as const),
  Object.freeze([/^duplicate id (.*)$/, "identifiant déjà pris : $1"] as const),
  Object.freeze([/^is required$/, "est obligatoire"] as const),
  // A kind changed on the page while the load's outputs are plugs (src/plugs/config.ts): one per contact.
  Object.freeze([/^a (\S+) load has (\d+) contacts?: give (\d+) outputs?, got (\d+)$/, "un appareil $1 a $2 contact(s) : il faut $3 sortie(s) (reçu $4), à changer par l’API"] as const),
  Object.freeze([/^a (\S+) load has no contact \(it is driven by a setpoint\): give no outputs$/, "un appareil $1 n’a pas de contact (il suit une consigne) : retirer ses sorties par l’API"] as const),
]);

export function localMessage(lang: Lang, message: string): string {
  if (lang === "en") return message;
  for (const [pattern, french] of FRENCH_MESSAGES) if (pattern.test(message)) return message.replace(pattern, french);
  return message;
}

export type { FieldError };
