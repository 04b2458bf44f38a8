// Form validation and page rendering cases shared by jest (form.test.ts, page.test.ts) and the XS lane.
import { utf8Encode } from "../../lib/bytes";
import { validateSetupCode } from "../../homekit/setup-code";
import { decodeForm } from "../../src/net/form";
import { FORM_LIMITS, validatePortalForm, type FieldErrorCode, type FormResult } from "../../src/portal/form";
import { orderNetworks, renderFormPage, renderSavedPage } from "../../src/portal/page";
import { qrSvgOfText } from "../../src/portal/qr-text";
import { escapeHtml } from "../../src/text/html";
import type { Check } from "./dns-cases";

export const HOSTILE_SSID = "<img src=x onerror=alert(1)>";
export const NETWORKS = Object.freeze([
  { ssid: "Voisin", rssiDbm: -70, secure: true },
  { ssid: "Maison", rssiDbm: -45, secure: true },
  { ssid: HOSTILE_SSID, rssiDbm: -60, secure: false },
  { ssid: "Maison", rssiDbm: -80, secure: true },
  { ssid: "", rssiDbm: -30, secure: true },
]);

/** The table below is about Wi-Fi, code and TIC: the owner password is already set there (tested on its own). */
const context = { checkSetupCode: validateSetupCode, secureSsids: ["Voisin", "Maison"], ownerPasswordSet: true };
const firstSetUp = { ...context, ownerPasswordSet: false };

function form(body: string, ctx = context): FormResult {
  return validatePortalForm(decodeForm(utf8Encode(body), FORM_LIMITS.MAX_FIELDS), ctx);
}

function codes(result: FormResult): FieldErrorCode[] | "ok" {
  return result.ok ? "ok" : result.errors.map((e) => e.code);
}

/** [urlencoded body, expected error codes or "ok"] — one line per case. */
const FORM_TABLE: readonly [string, FieldErrorCode[] | "ok"][] = Object.freeze([
  ["ssid=Maison&psk=correct+horse+battery&code=314-15-926&tic=auto", "ok"],
  ["ssid=Maison&psk=correct+horse+battery&code=31415926&tic=standard", "ok"],
  ["ssid=&ssid_hidden=Grenier&psk=grenier-cache&code=314-15-926&tic=historic", "ok"],
  ["ssid=Caf%C3%A9&code=314-15-926", "ok"],
  ["psk=whatever1&code=314-15-926", ["ssid-missing"]],
  ["ssid=&ssid_hidden=" + "x".repeat(33) + "&code=314-15-926", ["ssid-too-long"]],
  ["ssid=&ssid_hidden=" + "%C3%A9".repeat(17) + "&code=314-15-926", ["ssid-too-long"]],
  ["ssid=Maison&code=314-15-926", ["psk-required"]],
  ["ssid=Maison&psk=short&code=314-15-926", ["psk-length"]],
  ["ssid=Maison&psk=" + "g".repeat(64) + "&code=314-15-926", ["psk-characters"]],
  ["ssid=Maison&psk=" + "ab".repeat(32) + "&code=314-15-926", "ok"],
  ["ssid=Maison&psk=mot+de+passe+%C3%A9t%C3%A9&code=314-15-926", ["psk-characters"]],
  ["ssid=Maison&psk=correct+horse+battery&code=111-11-111", ["code-trivial"]],
  ["ssid=Maison&psk=correct+horse+battery&code=123-45-678", ["code-trivial"]],
  ["ssid=Maison&psk=correct+horse+battery&code=876-54-321", ["code-trivial"]],
  ["ssid=Maison&psk=correct+horse+battery&code=12-345-678", ["code-format"]],
  ["ssid=Maison&psk=correct+horse+battery&code=", ["code-format"]],
  ["ssid=Maison&psk=correct+horse+battery&code=314-15-926&tic=both", ["tic-unknown"]],
  ["ssid=Maison&psk=correct+horse+battery&code=314-15-926&ap_psk=new-ap-pass&ap_psk2=new-ap-pass", "ok"],
  ["ssid=Maison&psk=correct+horse+battery&code=314-15-926&ap_psk=new-ap-pass&ap_psk2=new-ap-pas", ["ap-psk-mismatch"]],
  ["ssid=Maison&psk=correct+horse+battery&code=314-15-926&ap_psk=1234567&ap_psk2=1234567", ["ap-psk-length"]],
  ["code=0&tic=x&ssid=Maison&psk=1&ap_psk=2", ["psk-length", "code-format", "tic-unknown", "ap-psk-length"]],
  ["%%%=%zz&ssid=Maison&psk=correct+horse+battery&code=314-15-926", "ok"],
  // Issue #10 item 7: an SSID of NULs, spaces, controls or zero-width marks only is no network's name.
  ["ssid=%00%00%00&code=314-15-926", ["ssid-invisible"]],
  ["ssid=&ssid_hidden=+++&code=314-15-926", ["ssid-invisible"]],
  ["ssid=&ssid_hidden=%09%0A%1F%7F%C2%A0&code=314-15-926", ["ssid-invisible"]],
  ["ssid=&ssid_hidden=%E2%80%8B%E3%80%80%EF%BB%BF&code=314-15-926", ["ssid-invisible"]],
  ["ssid=&ssid_hidden=+%00a+&code=314-15-926", "ok"],
]);

/** The owner password while none is set: required, 8 characters at least, typed twice alike. */
const OWNER_TABLE: readonly [string, FieldErrorCode[] | "ok"][] = Object.freeze([
  ["ssid=Caf%C3%A9&code=314-15-926&owner_pw=une+phrase+de+passe&owner_pw2=une+phrase+de+passe", "ok"],
  ["ssid=Caf%C3%A9&code=314-15-926", ["owner-pw-short"]],
  ["ssid=Caf%C3%A9&code=314-15-926&owner_pw=1234567&owner_pw2=1234567", ["owner-pw-short"]],
  ["ssid=Caf%C3%A9&code=314-15-926&owner_pw=" + "x".repeat(129) + "&owner_pw2=" + "x".repeat(129), ["owner-pw-long"]],
  ["ssid=Caf%C3%A9&code=314-15-926&owner_pw=une+phrase+de+passe&owner_pw2=une+phrase+de+pass", ["owner-pw-mismatch"]],
]);

const OK_FORM = "ssid=Maison&psk=correct+horse+battery&code=314-15-926";

/** The optional MQTT section: the settings table's rows, the bridge's URL parser and topic check (issue #12). */
const MQTT_TABLE: readonly [string, FieldErrorCode[] | "ok"][] = Object.freeze([
  ["&mqtt_url=&mqtt_user=&mqtt_pw=&mqtt_prefix=", "ok"],
  ["&mqtt_url=mqtt%3A%2F%2F192.168.1.10%3A1883", "ok"],
  ["&mqtt_url=mqtt%3A%2F%2Fbroker.lan&mqtt_user=ha&mqtt_pw=p%40ss&mqtt_prefix=ha%2Fdisc", "ok"],
  ["&mqtt_url=http%3A%2F%2Fbroker.lan", ["mqtt-url-form"]],
  ["&mqtt_url=mqtt%3A%2F%2Fbroker.lan%3A70000", ["mqtt-url-form"]],
  ["&mqtt_url=mqtt%3A%2F%2Fbro+ker", ["mqtt-url-form"]],
  ["&mqtt_user=ha&mqtt_pw=secret", ["mqtt-needs-url"]],
  ["&mqtt_url=mqtt%3A%2F%2Fbroker.lan&mqtt_prefix=home%2F%23", ["mqtt-prefix-form"]],
  ["&mqtt_url=mqtt%3A%2F%2Fbroker.lan&mqtt_prefix=" + "a".repeat(65), ["mqtt-prefix-form"]],
  ["&mqtt_url=mqtt%3A%2F%2F" + "b".repeat(130), ["mqtt-text-long"]],
  ["&mqtt_url=mqtt%3A%2F%2Fbroker.lan&mqtt_pw=" + "p".repeat(129), ["mqtt-text-long"]],
  ["&code=1&mqtt_url=ftp%3A%2F%2Fx&mqtt_prefix=%2Fbad", ["code-format", "mqtt-url-form", "mqtt-prefix-form"]],
]);

export const FORM_CASES: readonly Check[] = Object.freeze([
  ...MQTT_TABLE.map(([tail, expected]) => ({ name: `form, MQTT: ${tail.slice(0, 90)}`, run: () => ({ actual: codes(form(OK_FORM + tail)), expected }) })),
  {
    name: "form, MQTT: a URL turns MQTT on with what was typed; an empty password or prefix keeps the stored one; nothing typed changes nothing",
    run: () => {
      const all = form(OK_FORM + "&mqtt_url=+mqtt%3A%2F%2Fbroker.lan%3A1884+&mqtt_user=ha&mqtt_pw=p%40ss&mqtt_prefix=ha");
      const bare = form(OK_FORM + "&mqtt_url=mqtt%3A%2F%2Fbroker.lan&mqtt_pw=&mqtt_prefix=");
      const none = form(OK_FORM + "&mqtt_url=&mqtt_user=&mqtt_pw=&mqtt_prefix=");
      return {
        actual: [all.ok && all.settings.mqtt, bare.ok && bare.settings.mqtt, none.ok && none.settings.mqtt],
        expected: [
          { mqttEnabled: true, mqttUrl: "mqtt://broker.lan:1884", mqttUser: "ha", mqttPassword: "p@ss", mqttDiscoveryPrefix: "ha" },
          { mqttEnabled: true, mqttUrl: "mqtt://broker.lan", mqttUser: "" },
          undefined,
        ],
      };
    },
  },
  {
    name: "form, MQTT: a refusal shows the URL, user and prefix again but never a password, not even one inside the URL",
    run: () => {
      const r = form("ssid=Maison&psk=correct+horse+battery&code=111-11-111&mqtt_url=mqtt%3A%2F%2Fha%3As3cret-pw%40broker.lan&mqtt_user=ha&mqtt_pw=other-s3cret&mqtt_prefix=ha");
      const echo = r.ok ? {} : r.echo;
      const page = renderFormPage({ lang: "fr", networks: [], setupCode: "111-11-111", qrSvg: "", view: VIEW, errors: r.ok ? [] : r.errors, echo }).join("");
      return {
        actual: [JSON.stringify(echo).indexOf("s3cret") < 0, echo.mqttUrl, echo.mqttUser, echo.mqttPrefix, page.indexOf("s3cret") < 0, page.indexOf('value="mqtt://ha@broker.lan"') > 0],
        expected: [true, "mqtt://ha@broker.lan", "ha", "ha", true, true],
      };
    },
  },
  {
    name: "page, MQTT: an optional section with the four fields, the password never with a value; its errors named in both languages",
    run: () => {
      const r = form(OK_FORM + "&mqtt_url=http%3A%2F%2Fx");
      const errors = r.ok ? [] : r.errors;
      const fr = renderFormPage({ lang: "fr", networks: [], setupCode: "314-15-926", qrSvg: "", view: VIEW, errors }).join("");
      const en = renderFormPage({ lang: "en", networks: [], setupCode: "314-15-926", qrSvg: "", view: VIEW, errors }).join("");
      return {
        actual: [
          fr.indexOf("Home Assistant / MQTT (facultatif)") > 0 && en.indexOf("Home Assistant / MQTT (optional)") > 0,
          ["mqtt_url", "mqtt_user", "mqtt_prefix"].every((n) => new RegExp(`<input type="text" name="${n}"`).test(fr)),
          /<input type="password" name="mqtt_pw" maxlength="128" autocomplete="off">/.test(fr),
          fr.indexOf("<li>Broker MQTT : mqtt://hôte:port") > 0,
          en.indexOf("<li>MQTT broker : mqtt://host:port") > 0,
        ],
        expected: [true, true, true, true, true],
      };
    },
  },
  ...FORM_TABLE.map(([body, expected]) => ({ name: `form: ${body.slice(0, 70)}`, run: () => ({ actual: codes(form(body)), expected }) })),
  ...OWNER_TABLE.map(([body, expected]) => ({ name: `form, first set-up: ${body.slice(0, 90)}`, run: () => ({ actual: codes(form(body, firstSetUp)), expected }) })),
  {
    name: "form: the owner password goes to the settings only while none is set; a set one is never replaced from here",
    run: () => {
      const body = "ssid=Maison&psk=correct+horse+battery&code=314-15-926&owner_pw=une+phrase+de+passe&owner_pw2=une+phrase+de+passe";
      const first = form(body, firstSetUp);
      const later = form(body);
      return { actual: [first.ok && first.settings.ownerPassword, later.ok && later.settings.ownerPassword], expected: ["une phrase de passe", undefined] };
    },
  },
  {
    name: "form: an invisible SSID is refused naming the field and why, in both languages",
    run: () => {
      const r = form("ssid=%20%00%20&code=314-15-926");
      const errors = r.ok ? [] : r.errors;
      const fr = renderFormPage({ lang: "fr", networks: [], setupCode: "314-15-926", qrSvg: "", view: VIEW, errors }).join("");
      const en = renderFormPage({ lang: "en", networks: [], setupCode: "314-15-926", qrSvg: "", view: VIEW, errors }).join("");
      return {
        actual: [errors, fr.indexOf("<li>Réseau Wi-Fi : le nom doit contenir au moins un caractère visible") > 0, en.indexOf("<li>Wi-Fi network : the name needs at least one visible character") > 0],
        expected: [[{ field: "ssid", code: "ssid-invisible" }], true, true],
      };
    },
  },
  {
    name: "form: a valid form gives exactly the settings to store (code normalised, AP password only when changed)",
    run: () => ({
      actual: [form("ssid=Maison&psk=correct+horse+battery&code=31415926&tic=standard"), form("ssid=Caf%C3%A9&code=314-15-926&ap_psk=new-ap-pass&ap_psk2=new-ap-pass")],
      expected: [
        { ok: true, settings: { wifiSsid: "Maison", wifiPassword: "correct horse battery", setupCode: "314-15-926", ticMode: "standard", apPassword: undefined } },
        { ok: true, settings: { wifiSsid: "Café", wifiPassword: "", setupCode: "314-15-926", ticMode: "auto", apPassword: "new-ap-pass" } },
      ],
    }),
  },
  {
    name: "form: a refusal echoes non-secret fields only",
    run: () => {
      const r = form("ssid=Maison&psk=secret-wifi-pass&code=111-11-111&ap_psk=secret-ap-pass&ap_psk2=x");
      return { actual: r.ok ? "ok" : JSON.stringify(r.echo).indexOf("secret") < 0 && r.echo.setupCode === "111-11-111", expected: true };
    },
  },
]);

const VIEW = Object.freeze({ ticMode: "auto" as const, apSsid: "JCDELESTAGE", apPasswordIsDefault: true, ownerPasswordSet: false });

function formPage(lang: "fr" | "en", extra: Partial<Parameters<typeof renderFormPage>[0]> = {}): string {
  return renderFormPage({ lang, networks: NETWORKS, setupCode: "314-15-926", qrSvg: qrSvgOfText("X-HM://0023ISYWYABCD"), view: VIEW, ...extra }).join("");
}

export const PAGE_CASES: readonly Check[] = Object.freeze([
  {
    name: "page: escapeHtml covers the five characters",
    run: () => ({ actual: escapeHtml(`<a href="x" title='y'>&</a>`), expected: "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;" }),
  },
  {
    name: "page: a hostile SSID appears only escaped, in text and in the radio value",
    run: () => {
      const html = formPage("fr");
      return {
        actual: [html.indexOf("<img") < 0, html.indexOf("onerror=alert(1)&gt;") > 0, html.indexOf('value="&lt;img src=x onerror=alert(1)&gt;"') > 0],
        expected: [true, true, true],
      };
    },
  },
  {
    name: "page: networks listed once each, strongest first, hidden (empty) names left out",
    run: () => ({ actual: orderNetworks(NETWORKS).map((n) => `${n.ssid}@${n.rssiDbm}`), expected: ["Maison@-45", `${HOSTILE_SSID}@-60`, "Voisin@-70"] }),
  },
  {
    name: "page: French by default with a link to English, English on request",
    run: () => {
      const fr = formPage("fr");
      const en = formPage("en");
      return {
        actual: [fr.indexOf('<html lang="fr">') >= 0, fr.indexOf('href="/?lang=en"') >= 0, fr.indexOf("Mot de passe Wi-Fi") >= 0, en.indexOf("Wi-Fi password") >= 0, en.indexOf('href="/?lang=fr"') >= 0],
        expected: [true, true, true, true, true],
      };
    },
  },
  {
    name: "page: no script, no external resource, and no password input carries a value",
    run: () => {
      const html = formPage("fr");
      return {
        actual: [/<script/i.test(html), /(src|href)="https?:/i.test(html), /type="password"[^>]*value=/.test(html), html.indexOf("<svg") > 0],
        expected: [false, false, false, true],
      };
    },
  },
  {
    name: "page: field errors are listed with the field's name",
    run: () => {
      const html = formPage("en", { errors: [{ field: "code", code: "code-trivial" }] });
      return { actual: /<li>HomeKit code : this code is too simple/.test(html), expected: true };
    },
  },
  {
    name: "page: the saved page names the network (escaped) and shows the code",
    run: () => {
      const html = renderSavedPage({ lang: "fr", ssid: HOSTILE_SSID, setupCode: "314-15-926", qrSvg: "" });
      return { actual: [html.indexOf("<img") < 0, html.indexOf("&lt;img src=x") > 0, html.indexOf("314-15-926") > 0], expected: [true, true, true] };
    },
  },
  {
    name: "page: the owner password is asked (twice, never with a value) while none is set; afterwards the page only says it exists",
    run: () => {
      const first = formPage("fr");
      const later = formPage("en", { view: { ...VIEW, ownerPasswordSet: true } });
      return {
        actual: [/name="owner_pw"/.test(first), /name="owner_pw2"/.test(first), first.indexOf("Mot de passe du propriétaire") > 0, /name="owner_pw/.test(later), later.indexOf("The owner password is already chosen") > 0],
        expected: [true, true, true, false, true],
      };
    },
  },
  {
    name: "page: the form page stays small for a phone on a slow AP (< 16 KB)",
    run: () => ({ actual: utf8Encode(formPage("fr")).length < 16_384, expected: true }),
  },
]);
