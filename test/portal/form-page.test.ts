import fc from "fast-check";
import { utf8Encode } from "../../lib/bytes";
import { validateSetupCode } from "../../homekit/setup-code";
import { decodeForm } from "../../src/net/form";
import { FORM_LIMITS, validatePortalForm } from "../../src/portal/form";
import { renderFormPage } from "../../src/portal/page";
import { escapeHtml } from "../../src/text/html";
import { FORM_CASES, PAGE_CASES } from "./portal-cases";

for (const c of [...FORM_CASES, ...PAGE_CASES]) {
  test(c.name, () => {
    const { actual, expected } = c.run();
    expect(actual).toEqual(expected);
  });
}

test("random bodies never throw and never yield settings without a valid code", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 200 }), (bytes, text) => {
      for (const body of [bytes, utf8Encode(text)]) {
        const r = validatePortalForm(decodeForm(body, FORM_LIMITS.MAX_FIELDS), { checkSetupCode: validateSetupCode, secureSsids: [], ownerPasswordSet: false });
        if (r.ok) expect(validateSetupCode(r.settings.setupCode).ok).toBe(true);
      }
    }),
    { numRuns: 500 },
  );
});

test("any SSID renders without raw markup (property)", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 32 }), (ssid) => {
      const html = renderFormPage({
        lang: "fr",
        networks: [{ ssid, rssiDbm: -50, secure: false }],
        setupCode: "314-15-926",
        qrSvg: "",
        view: { ticMode: "auto", apSsid: "JCDELESTAGE", apPasswordIsDefault: true, ownerPasswordSet: false },
      }).join("");
      if (ssid.length > 0) expect(html).toContain(`<span>${escapeHtml(ssid)}</span>`);
    }),
  );
});
