// The box's web page: routes, rendering, escaping and API validation against a real Device (shared cases),
// plus properties: any load name renders as text, and no posted form or body makes the routes throw.
import fc from "fast-check";
import { escapeHtml } from "../../src/text/html";
import { hostAllowed, isIpv6Literal, originAllowed, parseHost, tokenMatches } from "../../src/web/guard";
import { overrideUntilMs } from "../../src/web/routes";
import { ownerFixture } from "./web-fixture";
import { SETTINGS_FORM_CASES } from "./settings-form-cases";
import { WEB_CASES } from "./web-cases";

describe("web page (shared cases, also run on XS)", () => {
  for (const c of [...WEB_CASES, ...SETTINGS_FORM_CASES]) {
    test(c.name, async () => {
      const { actual, expected } = await c.run();
      expect(actual).toEqual(expected);
    });
  }
});

describe("web page properties", () => {
  test("any load name the API accepts appears on the status page only escaped", async () => {
    const f = await ownerFixture();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (name) => {
        const loads = f.box.settings().loads.map((l, i) => (i === 0 ? { ...l, name } : l));
        const r = f.api("PUT", "/api/settings", { loads });
        expect(r.status).toBe(200);
        const page = f.request("GET", "/").body;
        expect(page).toContain(`<span class="name">${escapeHtml(name)}</span>`);
        const settings = f.request("GET", "/settings").body;
        expect(settings).toContain(`<legend>${escapeHtml(name)}</legend>`);
      }),
      { numRuns: 200 },
    );
  });

  test("no form post or JSON body throws; a refusal never changes the settings", async () => {
    const f = await ownerFixture();
    const token = f.session?.csrfToken ?? "";
    const before = JSON.stringify(f.box.settings());
    const paths = ["/settings", "/mode", "/loads/salon/override", "/api/settings", "/api/mode", "/api/loads/salon/override", "/api/constructor", "/api/__proto__", "/constructor"];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.string({ maxLength: 300 }), fc.boolean(), (path, body, withToken) => {
        const method = path === "/api/settings" ? "PUT" : "POST";
        const r = f.request(method, path, { body: withToken && !path.startsWith("/api") ? `csrf=${token}&${body}` : body, headers: withToken ? { "x-csrf-token": token } : {} });
        expect([200, 303, 400, 403, 404, 405, 409]).toContain(r.status);
        if (r.status >= 400 && path.endsWith("settings")) expect(JSON.stringify(f.box.settings())).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});

describe("guard", () => {
  const names = { mdnsName: "delesteur.local" };

  test("host names that another site could own are refused (DNS rebinding)", () => {
    const good = ["192.168.1.20", "192.168.1.20:8080", "[fe80::1]:80", "[::1]", "[2001:db8::192.168.1.20]", "localhost:8080", "delesteur.local", "DELESTEUR.LOCAL:80"];
    expect(good.map((h) => hostAllowed(h, names))).toEqual(good.map(() => true));
    expect(["evil.example", "192.168.1.20.nip.io", "999.1.1.1", ".local", "", undefined].map((h) => hostAllowed(h, names))).toEqual([false, false, false, false, false, false]);
    expect(hostAllowed("box.lan:8080", { extraNames: ["box.lan"] })).toBe(true);
  });

  test("issue #10 item 7: a bracketed name, another .local name, userinfo, a bad port or a leading zero are refused", () => {
    const bad = ["[evil.example]", "[evil.example]:80", "evil.local", "delesteur.local.evil.local", "127.0.0.1:1@evil.example", "user@127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:80:80", "127.0.0.01", "[fe80::1%eth0]", "[1:2:3:4:5:6:7:8:9]", "[::1::2]", "delesteur.local."];
    expect(bad.filter((h) => hostAllowed(h, names))).toEqual([]);
    // *.local is not served by default: only the box's own mDNS name is.
    expect(hostAllowed("delesteur.local")).toBe(false);
  });

  test("IPv6 literals and Host parsing follow RFC 4291 / RFC 9110", () => {
    expect(["::", "::1", "fe80::1", "1:2:3:4:5:6:7:8", "1::", "::ffff:192.168.1.1", "2001:db8:0:0:0:0:2:1"].map(isIpv6Literal)).toEqual([true, true, true, true, true, true, true]);
    expect(["", ":", "1:2:3:4:5:6:7", "12345::", "::g", "1:2:3:4:5:6:7:8::", "::192.168.1.256"].map(isIpv6Literal)).toEqual([false, false, false, false, false, false, false]);
    expect(parseHost("[::1]:8080")).toEqual({ name: "[::1]", port: 8080 });
    expect(parseHost("Box:80")).toEqual({ name: "box", port: 80 });
  });

  test("origin must be this box as the request names it; the token compares whole", () => {
    const TOKEN = "0123456789abcdef0123456789abcdef";
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
