// Renders the settings form (loads: name, wiring, priority, power, shed order; available power; HEAT duration).
// Never writes a posted or stored string into markup without escapeHtml; errors sit beside the field they name.

import type { LoadKind, Settings, ShedOrder } from "../app/types";
import type { Lang } from "../text/i18n";
import { escapeHtml } from "../text/html";
import { CSRF_FIELD } from "./guard";
import { documentOf, navigation } from "./layout";
import { GENERAL_FORM_FIELDS, loadFieldName, localMessage, type FieldError, type LoadFormField } from "./settings-form";
import { KIND_TEXTS, ORDER_TEXTS, WEB_TEXTS } from "./texts";

export interface SettingsPageInput {
  lang: Lang;
  settings: Settings;
  csrfToken: string;
  errors?: readonly FieldError[];
  /** Posted values to show again after a refusal. */
  echo?: Record<string, string>;
  saved?: boolean;
}

const KINDS: readonly LoadKind[] = Object.freeze(["relay", "fil-pilote-1", "fil-pilote-2", "sg-ready"]);
const SHED_ORDERS: readonly ShedOrder[] = Object.freeze(["hors-gel", "eco", "arret"]);

interface FieldContext {
  input: SettingsPageInput;
  errorsByField: Record<string, string[]>;
}

function errorNote(ctx: FieldContext, name: string): string {
  const messages = ctx.errorsByField[name];
  if (messages === undefined) return "";
  return messages.map((m) => `<span class="fe">${escapeHtml(localMessage(ctx.input.lang, m))}</span>`).join("");
}

function valueOf(ctx: FieldContext, name: string, stored: string): string {
  return ctx.input.echo?.[name] ?? stored;
}

function textField(ctx: FieldContext, name: string, label: string, stored: string, attrs: string): string {
  const bad = ctx.errorsByField[name] !== undefined;
  return (
    `<label${bad ? ` class="bad"` : ""}>${escapeHtml(label)}<input name="${escapeHtml(name)}" ${attrs} ` +
    `value="${escapeHtml(valueOf(ctx, name, stored))}"${bad ? ` aria-invalid="true"` : ""}>${errorNote(ctx, name)}</label>`
  );
}

function selectField(ctx: FieldContext, name: string, label: string, stored: string, choices: readonly string[], texts: Readonly<Record<string, string>>): string {
  const chosen = valueOf(ctx, name, stored);
  let options = "";
  for (const value of choices) options += `<option value="${value}"${value === chosen ? " selected" : ""}>${escapeHtml(texts[value])}</option>`;
  const bad = ctx.errorsByField[name] !== undefined;
  return `<label${bad ? ` class="bad"` : ""}>${escapeHtml(label)}<select name="${escapeHtml(name)}">${options}</select>${errorNote(ctx, name)}</label>`;
}

/** The owner reads "Salon — Priorité : doit être entre 0 et 4", not "loads[0].priority". */
function fieldLabel(input: SettingsPageInput, field: string): string {
  const t = WEB_TEXTS[input.lang];
  const m = /^loads\[(\d+)\]\.(\w+)/.exec(field);
  if (m) {
    const load = input.settings.loads[Number(m[1])];
    const labels: Record<string, string> = { name: t.name, kind: t.kind, priority: t.priority, nominalPowerW: t.nominalPowerW, shedOrder: t.shedOrder };
    return `${load?.name ?? m[1]} — ${labels[m[2]] ?? m[2]}`;
  }
  if (field === GENERAL_FORM_FIELDS.availablePowerW) return t.availablePowerW;
  if (field === GENERAL_FORM_FIELDS.heatDurationMin) return t.heatDurationMin;
  return field;
}

export function renderSettingsPage(input: SettingsPageInput): string {
  const t = WEB_TEXTS[input.lang];
  const errors = input.errors ?? [];
  const ctx: FieldContext = { input, errorsByField: Object.create(null) as Record<string, string[]> };
  for (const e of errors) (ctx.errorsByField[e.field] ??= []).push(e.message);
  let body = navigation(input.lang, "/settings") + `<h1>${escapeHtml(t.settingsTitle)}</h1>`;
  if (input.saved) body += `<p class="ok" role="status" id="notice">${escapeHtml(t.saved)}</p>`;
  if (errors.length > 0) {
    let items = "";
    for (const e of errors) items += `<li data-field="${escapeHtml(e.field)}">${escapeHtml(fieldLabel(input, e.field))} : ${escapeHtml(localMessage(input.lang, e.message))}</li>`;
    body += `<div class="err" role="alert" id="errors"><p>${escapeHtml(t.errorsIntro)}</p><ul>${items}</ul></div>`;
  }
  // novalidate: the box's own checks speak for every field, in the page's language, the same way for the API.
  body += `<form method="post" action="/settings" novalidate><input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(input.csrfToken)}">` + `<input type="hidden" name="lang" value="${input.lang}">`;
  body += `<h2>${escapeHtml(t.sectionSettings)}</h2>`;
  input.settings.loads.forEach((load, i) => {
    const name = (field: LoadFormField): string => loadFieldName(i, field);
    body +=
      `<fieldset data-load="${escapeHtml(load.id)}"><legend>${escapeHtml(load.name)}</legend>` +
      textField(ctx, name("name"), t.name, load.name, `type="text" maxlength="64"`) +
      selectField(ctx, name("kind"), t.kind, load.kind, KINDS, KIND_TEXTS[input.lang]) +
      textField(ctx, name("priority"), t.priority, String(load.priority), `type="number" min="0" max="4" step="1" inputmode="numeric"`) +
      textField(ctx, name("nominalPowerW"), t.nominalPowerW, String(load.nominalPowerW), `type="number" min="1" max="36000" inputmode="numeric"`) +
      selectField(ctx, name("shedOrder"), t.shedOrder, "shedOrder" in load ? load.shedOrder : "hors-gel", SHED_ORDERS, ORDER_TEXTS[input.lang]) +
      `</fieldset>`;
  });
  const s = input.settings;
  body +=
    `<p class="hint">${escapeHtml(t.kindNote)}</p><h2>${escapeHtml(t.sectionGeneral)}</h2><fieldset>` +
    textField(ctx, GENERAL_FORM_FIELDS.availablePowerW, t.availablePowerW, s.availablePowerW === null ? "" : String(s.availablePowerW), `type="number" min="0" inputmode="numeric"`) +
    textField(ctx, GENERAL_FORM_FIELDS.heatDurationMin, t.heatDurationMin, s.heatDurationMs === null ? "" : String(s.heatDurationMs / 60_000), `type="number" min="1" max="1440" inputmode="numeric"`) +
    `</fieldset><button type="submit" id="save">${escapeHtml(t.save)}</button></form>`;
  return documentOf(input.lang, t.settingsTitle, body);
}
