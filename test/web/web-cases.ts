// The web page's behaviour as cases shared by jest (test/web/web.test.ts) and XS (test/xs/web.xs.ts).
// Each case drives a real Device through routeWebRequest and returns what it saw beside what it expected.
import { HOSTILE_NAME, ownerFixture, webFixture, type WebFixture } from "./web-fixture";

export interface Outcome {
  actual: unknown;
  expected: unknown;
}

export interface WebCase {
  name: string;
  run(): Outcome | Promise<Outcome>;
}

const RED_PEAK = { colour: "red", period: "hp", powerVA: 1500 } as const;
const has = (text: string, part: string): boolean => text.indexOf(part) >= 0;

function putSettings(f: WebFixture, value: unknown) {
  return f.api("PUT", "/api/settings", value);
}

export const WEB_CASES: readonly WebCase[] = Object.freeze([
  {
    name: "status page lists every load with its state, until when and why, in words from the engine's codes (red peak)",
    run() {
      const f = webFixture("2026-01-14T09:00:00+01:00", RED_PEAK);
      const en = f.request("GET", "/", { query: { lang: "en" } }).body;
      const fr = f.request("GET", "/").body;
      return {
        actual: [
          has(en, 'data-load="salon" data-on="false"'),
          has(en, "off until 22:00: red day, peak hours"),
          has(en, "Colour and hours given by the meter."),
          has(en, 'id="today">red'),
          has(fr, "coupé jusqu’à 22 h : jour rouge, heures pleines"),
          has(fr, "PTEC") || has(fr, "colourSource") || has(fr, "red HP"),
        ],
        expected: [true, true, true, true, true, false],
      };
    },
  },
  {
    name: "French first: no language asked gives the French page; Accept-Language en gives English; ?lang wins",
    run() {
      const f = webFixture();
      const fr = f.request("GET", "/").body;
      const en = f.request("GET", "/", { headers: { "accept-language": "en-GB,en;q=0.9" } }).body;
      const forced = f.request("GET", "/", { headers: { "accept-language": "en" }, query: { lang: "fr" } }).body;
      return { actual: [has(fr, 'lang="fr"'), has(fr, "Appareils"), has(en, 'lang="en"'), has(en, "Loads"), has(forced, 'lang="fr"')], expected: [true, true, true, true, true] };
    },
  },
  {
    name: "HEAT from the form on a blue day: 303 back to the page, mode HEAT until 22:00, notice shown",
    async run() {
      const f = await ownerFixture();
      const r = f.post("/mode", { mode: "HEAT" });
      const page = f.request("GET", "/", { query: { lang: "en", notice: "heat" } }).body;
      return {
        actual: [r.status, r.headers.Location, f.box.snapshot()?.mode, has(page, "HEAT mode on."), has(page, "until 22:00")],
        expected: [303, "/?lang=en&notice=heat", "HEAT", true, true],
      };
    },
  },
  {
    name: "HEAT on a red peak is refused and the page says why",
    async run() {
      const f = await ownerFixture("2026-01-14T09:00:00+01:00", RED_PEAK);
      const r = f.post("/mode", { mode: "HEAT" });
      const page = f.request("GET", "/", { query: { lang: "en", notice: "refused-red" } }).body;
      return { actual: [r.headers.Location, f.box.snapshot()?.mode, has(page, "HEAT refused: it is a red day")], expected: ["/?lang=en&notice=refused-red", "AUTO", true] };
    },
  },
  {
    name: "API: HEAT on a red peak answers 409 with the Controller's reason",
    async run() {
      const f = await ownerFixture("2026-01-14T09:00:00+01:00", RED_PEAK);
      const r = f.api("POST", "/api/mode", { mode: "HEAT" });
      return { actual: [r.status, JSON.parse(r.body)], expected: [409, { refused: "red_peak", mode: "AUTO" }] };
    },
  },
  {
    name: "a logged-in POST without the token, with another site's Origin, or to a rebinding host name changes nothing (403)",
    async run() {
      const f = await ownerFixture();
      const token = f.session?.csrfToken ?? "";
      const noToken = f.request("POST", "/mode", { body: "mode=HEAT" });
      const stale = f.request("POST", "/mode", { body: `mode=HEAT&csrf=${"f".repeat(32)}` });
      const foreign = f.request("POST", "/mode", { body: `mode=HEAT&csrf=${token}`, headers: { origin: "http://evil.example" } });
      const rebound = f.request("POST", "/mode", { body: `mode=HEAT&csrf=${token}`, headers: { host: "evil.example:8080" } });
      const read = f.request("GET", "/api/status", { headers: { host: "evil.example" } });
      return { actual: [noToken.status, stale.status, foreign.status, rebound.status, read.status, f.box.snapshot()?.mode], expected: [403, 403, 403, 403, 403, "AUTO"] };
    },
  },
  {
    name: "API: priority 7 is refused with 400 naming the field and why; nothing changes",
    async run() {
      const f = await ownerFixture();
      const loads = f.box.settings().loads.map((l, i) => (i === 0 ? { ...l, priority: 7 } : l));
      const r = putSettings(f, { loads });
      return { actual: [r.status, JSON.parse(r.body), f.box.settings().loads[0].priority], expected: [400, { errors: [{ field: "loads[0].priority", message: "must be between 0 and 4, got 7" }] }, 2] };
    },
  },
  {
    name: "API: a good settings change applies, persists, and a box booted on the same store has it",
    async run() {
      const f = await ownerFixture();
      const loads = f.box.settings().loads.map((l, i) => (i === 0 ? { ...l, priority: 1, name: "Séjour" } : l));
      const r = putSettings(f, { loads, heatDurationMs: 7_200_000 });
      const again = webFixture("2026-01-14T10:00:00+01:00", undefined, f.store);
      const s = again.box.settings();
      return { actual: [r.status, f.box.snapshot()?.loads[0].name, s.loads[0].priority, s.loads[0].name, s.heatDurationMs], expected: [200, "Séjour", 1, "Séjour", 7_200_000] };
    },
  },
  {
    name: "settings form: priority 7 comes back 400 with the field named in words, the value echoed, in French too",
    async run() {
      const f = await ownerFixture();
      const en = f.post("/settings", { "loads[0].priority": "7" });
      const fr = f.post("/settings", { "loads[0].priority": "7", lang: "fr" });
      return {
        actual: [en.status, has(en.body, "Salon — Priority (0 never shed … 4 shed first) : must be between 0 and 4, got 7"), has(en.body, 'name="loads[0].priority" type="number" min="0" max="4" step="1" inputmode="numeric" value="7"'), has(fr.body, "doit être entre 0 et 4 (reçu 7)"), f.box.settings().loads[0].priority],
        expected: [400, true, true, true, 2],
      };
    },
  },
  {
    name: "settings form: a good post saves and redirects (POST/redirect/GET) with the saved notice",
    async run() {
      const f = await ownerFixture();
      const r = f.post("/settings", { "loads[1].name": "Ballon", "loads[1].nominalPowerW": "3000", "loads[0].shedOrder": "arret", availablePowerW: "7000", heatDurationMin: "90" });
      const s = f.box.settings();
      const page = f.request("GET", "/settings", { query: { lang: "en", saved: "1" } }).body;
      return {
        actual: [r.status, r.headers.Location, s.loads[1].name, s.loads[1].nominalPowerW, (s.loads[0] as { shedOrder?: string }).shedOrder, s.availablePowerW, s.heatDurationMs, has(page, "Settings saved.")],
        expected: [303, "/settings?lang=en&saved=1", "Ballon", 3000, "arret", 7000, 5_400_000, true],
      };
    },
  },
  {
    name: "a hostile load name renders as text on both pages",
    async run() {
      const f = await ownerFixture();
      const loads = f.box.settings().loads.map((l, i) => (i === 0 ? { ...l, name: HOSTILE_NAME } : l));
      const r = putSettings(f, { loads });
      const status = f.request("GET", "/").body;
      const settings = f.request("GET", "/settings").body;
      const escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;";
      return { actual: [r.status, has(status, "<script>"), has(settings, "<script>"), has(status, escaped), has(settings, escaped)], expected: [200, false, false, true, true] };
    },
  },
  {
    name: "override from the form: forced off for 2 h, shown with its end time, then back to auto",
    async run() {
      const f = await ownerFixture();
      const r = f.post("/loads/salon/override", { override: "off", hours: "2" });
      const load = f.box.snapshot()?.loads[0];
      const page = f.request("GET", "/", { query: { lang: "en" } }).body;
      f.post("/loads/salon/override", { override: "auto" });
      return {
        actual: [r.headers.Location, load?.override, load?.on, load?.reason, has(page, "forced off until 11:00"), f.box.snapshot()?.loads[0].override],
        expected: ["/?lang=en&notice=override", "off", false, "forced_off", true, "auto"],
      };
    },
  },
  {
    name: "API: override answers, an unknown load is 404, a bad duration 400, no token 403, bad JSON 400",
    async run() {
      const f = await ownerFixture();
      const h = { "x-csrf-token": f.session?.csrfToken ?? "" };
      const ok = f.request("POST", "/api/loads/chauffe-eau/override", { body: '{"override":"on","durationMs":3600000}', headers: h });
      const unknown = f.request("POST", "/api/loads/garage/override", { body: '{"override":"on"}', headers: h });
      const badDuration = f.request("POST", "/api/loads/salon/override", { body: '{"override":"on","durationMs":-5}', headers: h });
      const noToken = f.request("POST", "/api/loads/salon/override", { body: '{"override":"on"}' });
      const badJson = f.request("PUT", "/api/settings", { body: "{loads:", headers: h });
      return {
        actual: [ok.status, JSON.parse(ok.body).override, unknown.status, JSON.parse(badDuration.body).errors[0].field, noToken.status, JSON.parse(badJson.body).errors[0].field],
        expected: [200, "on", 404, "durationMs", 403, "body"],
      };
    },
  },
  {
    name: "API: status is open and carries the snapshot but no token; settings GET (logged in) is the settings in force; wrong method 405",
    async run() {
      const f = webFixture();
      const open = JSON.parse(f.request("GET", "/api/status").body);
      await f.login();
      const status = JSON.parse(f.request("GET", "/api/status").body);
      const settings = JSON.parse(f.request("GET", "/api/settings").body);
      return {
        actual: [Object.keys(open).sort(), "csrfToken" in status, status.status.loads.length, settings.loads[1].id, f.request("DELETE", "/api/settings").status, f.request("GET", "/api/mode").status, f.request("GET", "/nowhere").status],
        expected: [["nowMs", "status"], false, 2, "chauffe-eau", 405, 405, 404],
      };
    },
  },
]);
