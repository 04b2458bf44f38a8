// Renders the settings form from the settings table: one input per general row, per load every row of its kind.
// Never writes a posted or stored string into markup without escapeHtml; errors sit beside the field they name.

import type { Settings } from "../app/types";
import { LOAD_KINDS } from "../loads/kinds";
import type { FieldSpec } from "../settings/field";
import { LOAD_FIELDS, MAX_LOADS, SETTINGS_FIELDS } from "../settings/table";
import { loadFieldsOf } from "../settings/validate";
import type { Lang } from "../text/i18n";
import { escapeHtml } from "../text/html";
import { CSRF_FIELD } from "./guard";
import { documentPieces, navigation } from "./layout";
import {
  formKeyOf,
  formText,
  formUnitOf,
  generalRowByFormKey,
  loadFieldName,
  loadRowByFormKey,
  localMessage,
  reasonFieldName,
  removeFieldName,
  type FieldError,
} from "./settings-form";
import { ENUM_TEXTS, REASON_TEXTS, WEB_TEXTS } from "./texts";

export interface SettingsPageInput {
  lang: Lang;
  settings: Settings;
  csrfToken: string;
  errors?: readonly FieldError[];
  /** Posted values to show again after a refusal. */
  echo?: Record<string, string>;
  saved?: boolean;
}

interface FieldContext {
  input: SettingsPageInput;
  errorsByField: Record<string, string[]>;
}

/** Where a row's inputs are named: a general row by its form key, a load's as `loads[i].key`. */
interface Place {
  name(formKey: string): string;
  reason(key: string, reason: string): string;
  /** After a refusal, whether this fieldset was posted whole (then an absent checkbox was unchecked). */
  echoed: boolean;
}

const GENERAL: Place = Object.freeze({ name: (key: string) => key, reason: (key: string, reason: string) => `${key}.${reason}`, echoed: false });

function loadPlace(ctx: FieldContext, index: number): Place {
  return { name: (key) => loadFieldName(index, key), reason: (key, reason) => reasonFieldName(index, key, reason), echoed: ctx.input.echo?.[loadFieldName(index, "id")] !== undefined };
}

/** The row's label in the page's language, with the unit the owner types in ("(min)", "(W)"). */
export function rowLabel(lang: Lang, row: FieldSpec): string {
  const unit = formUnitOf(row)?.label ?? row.unit;
  return unit === undefined ? row.label[lang] : `${row.label[lang]} (${unit})`;
}

function errorNote(ctx: FieldContext, name: string): string {
  const messages = ctx.errorsByField[name];
  if (messages === undefined) return "";
  return messages.map((m) => `<span class="fe">${escapeHtml(localMessage(ctx.input.lang, m))}</span>`).join("");
}

function valueOf(ctx: FieldContext, name: string, stored: string): string {
  return ctx.input.echo?.[name] ?? stored;
}

function checkedOf(ctx: FieldContext, place: Place, name: string, stored: boolean): string {
  const on = place.echoed ? ctx.input.echo?.[name] !== undefined : stored;
  return on ? " checked" : "";
}

function wrap(ctx: FieldContext, name: string, label: string, control: string, help: string): string {
  const bad = ctx.errorsByField[name] !== undefined;
  return `<label${bad ? ` class="bad"` : ""}>${escapeHtml(label)}${control}<small class="hint">${escapeHtml(help)}</small>${errorNote(ctx, name)}</label>`;
}

function inputAttrs(row: FieldSpec, lang: Lang): string {
  if (row.type === "text") return `type="text" maxlength="${row.key === "id" ? 32 : 64}"`;
  const factor = formUnitOf(row)?.factorMs ?? 1;
  const range = `${row.min !== undefined ? ` min="${row.min / factor}"` : ""}${row.max !== undefined ? ` max="${row.max / factor}"` : ""}`;
  if (row.type === "decimal") return `type="number"${range} step="${Math.pow(10, -(row.decimals ?? 0))}" inputmode="decimal"`;
  return `type="number"${range} step="1" inputmode="numeric"${row.nullable ? ` placeholder="${escapeHtml(WEB_TEXTS[lang].automatic)}"` : ""}`;
}

/** One row as its input: number or text, a select for an enum, a checkbox per boolean and per reason. */
function rowField(ctx: FieldContext, place: Place, row: FieldSpec, stored: unknown): string {
  const lang = ctx.input.lang;
  const label = rowLabel(lang, row);
  const name = place.name(formKeyOf(row));
  const bad = ctx.errorsByField[name] !== undefined ? ` aria-invalid="true"` : "";
  if (row.type === "boolean") {
    return `<label class="ck"><input type="checkbox" name="${escapeHtml(name)}" value="on"${checkedOf(ctx, place, name, stored === true)}> ${escapeHtml(label)}<small class="hint">${escapeHtml(row.help[lang])}</small></label>`;
  }
  if (row.type === "reasons") {
    const chosen = Array.isArray(stored) ? stored : [];
    let boxes = "";
    for (const reason of row.values ?? []) {
      const box = place.reason(row.key, reason);
      const text = (REASON_TEXTS[lang] as Readonly<Record<string, string>>)[reason] ?? reason;
      boxes += `<label class="ck"><input type="checkbox" name="${escapeHtml(box)}" value="on"${checkedOf(ctx, place, box, chosen.indexOf(reason) >= 0)}> ${escapeHtml(text)}</label>`;
    }
    return `<div class="reasons">${escapeHtml(label)}<br>${boxes}<small class="hint">${escapeHtml(row.help[lang])}</small></div>`;
  }
  if (row.type === "enum") {
    const chosen = valueOf(ctx, name, String(stored));
    const texts = ENUM_TEXTS[lang][row.key] ?? {};
    let options = "";
    for (const value of row.values ?? Object.keys(LOAD_KINDS)) options += `<option value="${escapeHtml(value)}"${value === chosen ? " selected" : ""}>${escapeHtml(texts[value] ?? value)}</option>`;
    return wrap(ctx, name, label, `<select name="${escapeHtml(name)}"${bad}>${options}</select>`, row.help[lang]);
  }
  // A secret is never sent back, not even the owner's own rejected post: empty means "keep the current one".
  const control = row.secret
    ? `<input name="${escapeHtml(name)}" type="password" maxlength="64" autocomplete="new-password" value=""${bad}>`
    : `<input name="${escapeHtml(name)}" ${inputAttrs(row, lang)} value="${escapeHtml(valueOf(ctx, name, formText(row, stored)))}"${bad}>`;
  return wrap(ctx, name, label, control, row.help[lang]);
}

/** The owner reads "Salon — Priorité : doit être entre 0 et 4", not "loads[0].priority". */
function fieldLabel(input: SettingsPageInput, field: string): string {
  const m = /^loads\[(\d+)\]\.(\w+)/.exec(field);
  if (m) {
    const load = input.settings.loads[Number(m[1])];
    const row = loadRowByFormKey(m[2]);
    return `${load?.name ?? WEB_TEXTS[input.lang].addLoad} — ${row ? rowLabel(input.lang, row) : m[2]}`;
  }
  const row = generalRowByFormKey(field);
  return row ? rowLabel(input.lang, row) : field;
}

function loadFieldset(ctx: FieldContext, index: number, load: Readonly<Record<string, unknown>>): string {
  const t = WEB_TEXTS[ctx.input.lang];
  const place = loadPlace(ctx, index);
  let out = `<fieldset data-load="${escapeHtml(String(load.id))}"><legend>${escapeHtml(String(load.name))}</legend>`;
  for (const row of loadFieldsOf(String(load.kind))) out += rowField(ctx, place, row, load[row.key]);
  const remove = removeFieldName(index);
  return out + `<label class="ck"><input type="checkbox" name="${remove}" value="on"${checkedOf(ctx, place, remove, false)}> ${escapeHtml(t.removeLoad)}</label></fieldset>`;
}

/** The blank load: the common rows at their defaults, id, name and power empty; its kind's own rows take defaults. */
function newLoadFieldset(ctx: FieldContext, index: number): string {
  const place = loadPlace(ctx, index);
  let out = `<fieldset data-load-new="true"><legend>${escapeHtml(WEB_TEXTS[ctx.input.lang].addLoad)}</legend>`;
  for (const row of LOAD_FIELDS) out += rowField(ctx, place, row, row.required || row.type === "text" ? "" : row.default);
  return out + `</fieldset>`;
}

/** The page as pieces (a fieldset each, about 1 KB): the writer streams them, so the page never exists whole. */
export function renderSettingsPage(input: SettingsPageInput): string[] {
  const t = WEB_TEXTS[input.lang];
  const errors = input.errors ?? [];
  const ctx: FieldContext = { input, errorsByField: Object.create(null) as Record<string, string[]> };
  for (const e of errors) (ctx.errorsByField[e.field] ??= []).push(e.message);
  const body: string[] = [navigation(input.lang, "/settings", input.csrfToken) + `<h1>${escapeHtml(t.settingsTitle)}</h1>`];
  if (input.saved) body.push(`<p class="ok" role="status" id="notice">${escapeHtml(t.saved)}</p>`);
  if (errors.length > 0) {
    let items = "";
    for (const e of errors) items += `<li data-field="${escapeHtml(e.field)}">${escapeHtml(fieldLabel(input, e.field))} : ${escapeHtml(localMessage(input.lang, e.message))}</li>`;
    body.push(`<div class="err" role="alert" id="errors"><p>${escapeHtml(t.errorsIntro)}</p><ul>${items}</ul></div>`);
  }
  // novalidate: the box's own checks speak for every field, in the page's language, the same way for the API.
  body.push(
    `<form method="post" action="/settings" novalidate><input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(input.csrfToken)}">` +
      `<input type="hidden" name="lang" value="${input.lang}"><h2>${escapeHtml(t.sectionSettings)}</h2>`,
  );
  const loads = input.settings.loads;
  loads.forEach((load, i) => body.push(loadFieldset(ctx, i, load as unknown as Record<string, unknown>)));
  // At the bound, a blank load would only earn a refusal on save: say so instead.
  if (loads.length < MAX_LOADS) body.push(newLoadFieldset(ctx, loads.length));
  else body.push(`<p class="hint" id="loads-full">${escapeHtml(t.loadsFull.replace("{max}", String(MAX_LOADS)))}</p>`);
  const general = input.settings as unknown as Readonly<Record<string, unknown>>;
  body.push(`<p class="hint">${escapeHtml(t.kindNote)}</p><h2>${escapeHtml(t.sectionGeneral)}</h2><fieldset>`);
  for (const row of SETTINGS_FIELDS) body.push(rowField(ctx, GENERAL, row, general[row.key]));
  body.push(`</fieldset><button type="submit" id="save">${escapeHtml(t.save)}</button></form>`);
  return documentPieces(input.lang, t.settingsTitle, body);
}
