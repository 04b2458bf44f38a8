// The settings page as the settings table makes it, as cases shared by jest (test/web/web.test.ts) and XS (test/xs/web.xs.ts).
// Each case drives a real Device through routeWebRequest, posting the page's own form the way a browser does.
import { LOAD_KINDS } from "../../src/loads/kinds";
import { LOAD_FIELDS, SETTINGS_FIELDS } from "../../src/settings/table";
import { escapeHtml } from "../../src/text/html";
import { WEB_LIMITS } from "../../src/web/server";
import { formKeyOf } from "../../src/web/settings-form";
import { formBody, ownerFixture, type WebFixture } from "./web-fixture";
import type { WebCase } from "./web-cases";

const has = (text: string, part: string): boolean => text.indexOf(part) >= 0;
const unescape = (s: string): string => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/** What a browser posts for the page's form: text and number inputs, ticked checkboxes, selected options. */
function formOfPage(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const add = (re: RegExp, value: (m: RegExpExecArray) => string): void => {
    for (let m = re.exec(page); m !== null; m = re.exec(page)) fields[unescape(m[1])] = value(m);
  };
  add(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g, (m) => unescape(m[2]));
  add(/<input name="([^"]+)" [^>]*value="([^"]*)"/g, (m) => unescape(m[2]));
  add(/<input type="checkbox" name="([^"]+)" value="on" checked>/g, () => "on");
  add(/<select name="([^"]+)"[^>]*>(.*?)<\/select>/g, (m) => unescape(/<option value="([^"]*)" selected>/.exec(m[2])?.[1] ?? ""));
  return fields;
}

function pageForm(f: WebFixture): Record<string, string> {
  return formOfPage(f.request("GET", "/settings", { query: { lang: "en" } }).body);
}

function postForm(f: WebFixture, fields: Record<string, string>) {
  return f.request("POST", "/settings", { body: formBody(fields), headers: { "content-type": "application/x-www-form-urlencoded" } });
}

function putLoads(f: WebFixture, loads: unknown[]): number {
  return f.api("PUT", "/api/settings", { loads }).status;
}

export const SETTINGS_FORM_CASES: readonly WebCase[] = Object.freeze([
  {
    name: "settings page: every table row (general, and each kind's own) has its label and help in the page's language only",
    async run() {
      const f = await ownerFixture();
      const kinds = Object.keys(LOAD_KINDS);
      putLoads(f, kinds.map((kind, i) => ({ id: `l${i}`, name: `L${i}`, kind, nominalPowerW: 1000 })));
      const fr = f.request("GET", "/settings", { query: { lang: "fr" } }).body;
      const en = f.request("GET", "/settings", { query: { lang: "en" } }).body;
      const rows = SETTINGS_FIELDS.concat(LOAD_FIELDS, ...kinds.map((k) => LOAD_KINDS[k].fields));
      const missing: string[] = [];
      for (const row of rows) {
        for (const [lang, page, other] of [["fr", fr, "en"], ["en", en, "fr"]] as const) {
          if (!has(page, escapeHtml(row.label[lang])) || !has(page, escapeHtml(row.help[lang]))) missing.push(`${row.key} missing in ${lang}`);
          const foreign = `>${escapeHtml(row.label[other])}`;
          if (row.label[other] !== row.label[lang] && (has(page, `${foreign}<`) || has(page, `${foreign} (`))) missing.push(`${row.key} in ${other} on the ${lang} page`);
        }
      }
      const general = SETTINGS_FIELDS.map((row) => has(en, `name="${formKeyOf(row)}"`));
      return { actual: [missing, general.indexOf(false), has(en, 'name="heatDurationMin" type="number" min="1" max="1440"'), has(en, '<select name="unknownColourPolicy"')], expected: [[], -1, true, true] };
    },
  },
  {
    name: "settings form: the whole page for 10 loads posts back under the body limit and changes nothing",
    async run() {
      const f = await ownerFixture();
      const kinds = Object.keys(LOAD_KINDS);
      const loads = [];
      for (let i = 0; i < 10; i++) loads.push({ id: `charge-${i}`, name: `Radiateur chambre ${i}`, kind: kinds[i % kinds.length], nominalPowerW: 1500 + i, minOnMs: 90_000 });
      const put = putLoads(f, loads);
      const before = JSON.stringify(f.box.settings());
      const form = pageForm(f);
      const body = formBody(form);
      const r = postForm(f, form);
      return { actual: [put, body.length < WEB_LIMITS.maxBodyBytes, form["loads[0].minOnS"], r.status, JSON.stringify(f.box.settings()) === before], expected: [200, true, "90", 303, true] };
    },
  },
  {
    name: "settings form: a load added in the blank fieldset saves (POST/redirect/GET) with its kind's defaults",
    async run() {
      const f = await ownerFixture();
      const form = pageForm(f);
      form["loads[2].id"] = "ballon";
      form["loads[2].name"] = "Ballon";
      form["loads[2].kind"] = "water-heater";
      form["loads[2].nominalPowerW"] = "3000";
      delete form["loads[2].shedBy.white_peak"];
      const r = postForm(f, form);
      const added = f.box.settings().loads[2] as unknown as Record<string, unknown>;
      const page = f.request("GET", "/settings", { query: { lang: "en", saved: "1" } }).body;
      return {
        actual: [r.status, r.headers.Location, added, has(page, 'data-load="ballon"'), has(page, 'name="loads[2].targetTemperatureC"'), f.box.snapshot()?.loads.length],
        expected: [
          303,
          "/settings?lang=en&saved=1",
          { id: "ballon", name: "Ballon", kind: "water-heater", priority: 2, nominalPowerW: 3000, shedBy: ["red_peak", "overload"], minOnMs: 60_000, minOffMs: 60_000, maxSwitchesPerDay: 48, probe: false, targetTemperatureC: 55,
            // Issue #14's fields at the kind's defaults: the anti-legionella checkbox was not on the page (the kind was
            // chosen in this post), so it is the kind's default (on), not "unticked".
            heatIn: "hc", tankVolumeL: 200, heatHours: 4, legionella: true },
          true,
          true,
          3,
        ],
      };
    },
  },
  {
    name: "settings form: a kind's checkboxes not yet on the page take the kind's defaults; one shown and unticked saves off",
    async run() {
      const f = await ownerFixture();
      putLoads(f, [{ id: "prise", name: "Prise", kind: "relay", nominalPowerW: 2000 }]);
      const form = pageForm(f);
      form["loads[0].kind"] = "water-heater"; // a relay becomes a water heater in this post
      form["loads[1].id"] = "pac";
      form["loads[1].name"] = "PAC";
      form["loads[1].kind"] = "sg-ready"; // a heat pump added in the blank fieldset
      form["loads[1].nominalPowerW"] = "3000";
      const first = postForm(f, form).status;
      const [heater, pump] = f.box.settings().loads as unknown as Record<string, unknown>[];
      // Now the page shows the water heater's box, ticked: the owner unticks it and saves.
      const again = pageForm(f);
      const shownTicked = again["loads[0].legionella"];
      delete again["loads[0].legionella"];
      const second = postForm(f, again).status;
      const after = f.box.settings().loads[0] as unknown as Record<string, unknown>;
      return {
        actual: [first, heater.kind, heater.legionella, heater.probe, pump.winterPriority0, pump.probe, shownTicked, second, after.legionella],
        expected: [303, "water-heater", true, false, true, false, "on", 303, false],
      };
    },
  },
  {
    name: "settings form: a ticked remove drops that load; shedBy and a kind's own field change through the form",
    async run() {
      const f = await ownerFixture();
      const removed = postForm(f, { ...pageForm(f), "loads[0].remove": "on" });
      const afterRemove = f.box.settings().loads.map((l) => l.id);
      putLoads(f, [{ id: "ballon", name: "Ballon", kind: "water-heater", nominalPowerW: 2400 }, ...f.box.settings().loads]);
      const form = pageForm(f);
      form["loads[0].probe"] = "on";
      form["loads[0].targetTemperatureC"] = "60";
      delete form["loads[1].shedBy.overload"];
      form["loads[1].shedBy.meter_lost"] = "on";
      form["loads[1].kind"] = "modulating";
      const changed = postForm(f, form);
      const [heater, other] = f.box.settings().loads as unknown as Record<string, unknown>[];
      return {
        actual: [removed.status, afterRemove, changed.status, heater.probe, heater.targetTemperatureC, other.kind, other.shedBy, other.minPowerW],
        expected: [303, ["chauffe-eau"], 303, true, 60, "modulating", ["red_peak", "white_peak", "meter_lost"], 0],
      };
    },
  },
  {
    name: "settings form: a bad value in a kind's own field is reported beside it, in minutes or seconds for times",
    async run() {
      const f = await ownerFixture();
      putLoads(f, [{ id: "ballon", name: "Ballon", kind: "water-heater", nominalPowerW: 2400 }]);
      const form = pageForm(f);
      const r = postForm(f, { ...form, "loads[0].targetTemperatureC": "90", "loads[0].minOnS": "7200", rotationPeriodMin: "0", lang: "fr" });
      const beside = /<label class="bad">Température visée \(°C\)<input name="loads\[0\]\.targetTemperatureC" [^>]*value="90" aria-invalid="true">.*?<span class="fe">doit être entre 40 et 75 \(reçu 90\)<\/span><\/label>/;
      return {
        actual: [r.status, beside.test(r.body), has(r.body, 'data-field="loads[0].minOnS">Ballon — Marche minimale (s) : doit être entre 0 et 3600 secondes'), has(r.body, "doit être entre 1 et 1440 minutes"), (f.box.settings().loads[0] as { targetTemperatureC?: number }).targetTemperatureC],
        expected: [400, true, true, true, 55],
      };
    },
  },
]);
