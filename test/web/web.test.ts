// The box's web page: routes, rendering, escaping and API validation against a real Device (shared cases),
// plus properties: any load name renders as text, and no posted form or body makes the routes throw.
import fc from "fast-check";
import { escapeHtml } from "../../src/text/html";
import { hostAllowed, originAllowed, tokenMatches } from "../../src/web/guard";
import { overrideUntilMs } from "../../src/web/routes";
import { TOKEN, webFixture } from "./web-fixture";
import { SETTINGS_FORM_CASES } from "./settings-form-cases";
import { WEB_CASES } from "./web-cases";

describe("web page (shared cases, also run on XS)", () => {
  for (const c of [...WEB_CASES, ...SETTINGS_FORM_CASES]) {
    test(c.name, () => {
      const { actual, expected } = c.run();
      expect(actual).toEqual(expected);
    });
  }
});

describe("web page properties", () => {
  test("any load name the API accepts appears on the status page only escaped", () => {
    const f = webFixture();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (name) => {
        const loads = f.box.settings().loads.map((l, i) => (i === 0 ? { ...l, name } : l));
        const r = f.request("PUT", "/api/settings", { body: JSON.stringify({ loads }), headers: { "x-csrf-token": TOKEN } });
        expect(r.status).toBe(200);
        const page = f.request("GET", "/").body;
        expect(page).toContain(`<span class="name">${escapeHtml(name)}</span>`);
        const settings = f.request("GET", "/settings").body;
        expect(settings).toContain(`<legend>${escapeHtml(name)}</legend>`);
      }),
      { numRuns: 200 },
    );
  });

  test("no form post or JSON body throws; a refusal never changes the settings", () => {
    const f = webFixture();
    const before = JSON.stringify(f.box.settings());
    const paths = ["/settings", "/mode", "/loads/salon/override", "/api/settings", "/api/mode", "/api/loads/salon/override", "/api/constructor", "/api/__proto__", "/constructor"];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.string({ maxLength: 300 }), fc.boolean(), (path, body, token) => {
        const method = path === "/api/settings" ? "PUT" : "POST";
        const r = f.request(method, path, { body: token && !path.startsWith("/api") ? `csrf=${TOKEN}&${body}` : body, headers: token ? { "x-csrf-token": TOKEN } : {} });
        expect([200, 303, 400, 403, 404, 405, 409]).toContain(r.status);
        if (r.status >= 400 && path.endsWith("settings")) expect(JSON.stringify(f.box.settings())).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});

describe("guard", () => {
  test("host names that another site could own are refused (DNS rebinding)", () => {
    expect(["192.168.1.20", "192.168.1.20:8080", "[fe80::1]:80", "localhost:8080", "delesteur.local", "DELESTEUR.LOCAL:80"].map((h) => hostAllowed(h))).toEqual([true, true, true, true, true, true]);
    expect(["evil.example", "192.168.1.20.nip.io", "999.1.1.1", ".local", "", undefined].map((h) => hostAllowed(h))).toEqual([false, false, false, false, false, false]);
    expect(hostAllowed("box.lan:8080", ["box.lan"])).toBe(true);
  });

  test("origin must be this box as the request names it; the token compares whole", () => {
    expect(originAllowed("http://192.168.1.20:8080", "192.168.1.20:8080")).toBe(true);
    expect(originAllowed(undefined, "192.168.1.20")).toBe(true);
    expect(originAllowed("null", "192.168.1.20")).toBe(false);
    expect(originAllowed("http://192.168.1.20:8080.evil", "192.168.1.20:8080")).toBe(false);
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN.slice(0, 31), TOKEN)).toBe(false);
    expect(tokenMatches(undefined, TOKEN)).toBe(false);
  });

  test("override hours: empty is no end, 0.25–168 h accepted, anything else refused", () => {
    expect(overrideUntilMs("", 1000)).toBeUndefined();
    expect(overrideUntilMs("1.5", 1000)).toBe(1000 + 5_400_000);
    expect(["0", "-1", "169", "abc", "1e3"].map((h) => overrideUntilMs(h, 0))).toEqual(["bad", "bad", "bad", "bad", "bad"]);
  });
});
