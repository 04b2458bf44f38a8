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

const context = { checkSetupCode: validateSetupCode, secureSsids: ["Voisin", "Maison"] };

function form(body: string): FormResult {
  return validatePortalForm(decodeForm(utf8Encode(body), FORM_LIMITS.MAX_FIELDS), context);
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
]);

export const FORM_CASES: readonly Check[] = Object.freeze([
  ...FORM_TABLE.map(([body, expected]) => ({ name: `form: ${body.slice(0, 70)}`, run: () => ({ actual: codes(form(body)), expected }) })),
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

const VIEW = Object.freeze({ ticMode: "auto" as const, apSsid: "JCDELESTAGE", apPasswordIsDefault: true });

function formPage(lang: "fr" | "en", extra: Partial<Parameters<typeof renderFormPage>[0]> = {}): string {
  return renderFormPage({ lang, networks: NETWORKS, setupCode: "314-15-926", qrSvg: qrSvgOfText("X-HM://0023ISYWYABCD"), view: VIEW, ...extra });
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
    name: "page: the form page stays small for a phone on a slow AP (< 16 KB)",
    run: () => ({ actual: utf8Encode(formPage("fr")).length < 16_384, expected: true }),
  },
]);
