// The status page on a 390 px phone in Debian's headless Chromium, one real Device per state (blue day, red peak,
// overload, meter lost, refused HEAT, a water heater and a heat pump, a load held by its minimum off time), in French and
// in English.
// Each state's page is screenshotted to build/screenshots (not committed); the test fails on horizontal overflow or on
// text of the other language (engine words on the French page, French words on the English one).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Lang } from "../../src/text/i18n";
import { ownerFixture, type WebFixture } from "../web/web-fixture";
import { phoneBrowser } from "./web-support";

const PHONE_WIDTH_PX = 390;
const SHOTS = join(__dirname, "..", "..", "build", "screenshots");
/** A name an owner may type (64 characters at most): one long word, which must wrap rather than widen the page. */
const LONG_NAME = "Radiateur_de_la_chambre_du_fond_au_premier_étage_côté_jardin";

/** Engine words that must not reach the French page (the list and the engine's other codes). */
const ENGLISH = ["peak", "colour", "color", "period", "held", "min_off", "min_on", "ms", "unknown", "source", "power", "limit", "meter", "overload",
  "waiting", "wants", "clock", "PTEC", "HP", "HC", "detail", "shed", "budget", "red", "blue", "white", "until", "off"];
/** French words that must not reach the English page. */
const FRENCH = ["coupé", "marche", "jour", "heures", "pleines", "creuses", "compteur", "puissance", "limite", "inconnu", "bleu", "rouge", "blanc",
  "jusqu", "depuis", "pourquoi", "appareil", "appareils", "muet", "dépassement", "forçage", "démarrage", "réglages", "données", "il est", "priorité", "refusé"];

/** The words of `list` found as whole words in `text` (letters on either side make another word: "limite" is not "limit"). */
function wordsIn(text: string, list: readonly string[]): string[] {
  return list.filter((w) => new RegExp(`(?<![\\p{L}\\d_])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\d_])`, "iu").test(text));
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ browser, page } = await phoneBrowser());
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

interface State {
  name: string;
  make(): Promise<WebFixture>;
  /** The page's notice, as the redirect after a command would carry it. */
  notice?: string;
}

const JANUARY_MORNING = "2026-01-14T09:00:00+01:00"; // a Wednesday in winter: red is possible, nothing suspicious

const STATES: readonly State[] = [
  {
    name: "blue-day",
    async make() {
      const f = await ownerFixture(JANUARY_MORNING, { colour: "blue", period: "hp", powerVA: 1500, tomorrow: "white" });
      const loads = f.box.settings().loads.map((l, i) => (i === 0 ? { ...l, name: LONG_NAME } : l));
      expect(f.api("PUT", "/api/settings", { loads }).status).toBe(200);
      return f;
    },
  },
  { name: "red-peak", make: () => ownerFixture(JANUARY_MORNING, { colour: "red", period: "hp", powerVA: 1500, tomorrow: "red" }) },
  { name: "overload", make: () => ownerFixture(JANUARY_MORNING, { colour: "blue", period: "hp", powerVA: 9800, subscribedVA: 9000, overload: true }) },
  {
    name: "meter-lost",
    async make() {
      const f = await ownerFixture(JANUARY_MORNING, { colour: "blue", period: "hp", powerVA: 1500 });
      f.time.advance(5 * 60_000);
      expect(f.box.snapshot()?.meter.status).toBe("lost");
      return f;
    },
  },
  {
    name: "refused-heat",
    notice: "refused-red",
    async make() {
      const f = await ownerFixture(JANUARY_MORNING, { colour: "red", period: "hp", powerVA: 1500 });
      expect(f.post("/mode", { mode: "HEAT" }).headers.Location).toBe("/?lang=en&notice=refused-red");
      return f;
    },
  },
  {
    // Issue #14: a water heater (probe read, a boost running, anti-legionella due) and a probed heat pump locked.
    name: "water-heater-heat-pump",
    async make() {
      const f = await ownerFixture(JANUARY_MORNING, { colour: "red", period: "hp", powerVA: 1500 });
      const loads = [
        ...f.box.settings().loads,
        { id: "ballon", name: LONG_NAME.slice(0, 40), kind: "water-heater", nominalPowerW: 2400, probe: true },
        { id: "pac", name: "Pompe à chaleur", kind: "sg-ready", nominalPowerW: 3000, probe: true },
      ];
      expect(f.api("PUT", "/api/settings", { loads }).status).toBe(200);
      f.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 48.5 });
      f.device.dispatch({ type: "tank-temperature", loadId: "pac", temperatureC: 41 });
      expect(f.api("POST", "/api/hot-water/ballon/boost", { durationMin: 90 }).status).toBe(200);
      return f;
    },
  },
  {
    name: "held-min-off",
    async make() {
      const f = await ownerFixture(JANUARY_MORNING, { colour: "blue", period: "hp", powerVA: 1500 });
      expect(f.api("POST", "/api/loads/salon/override", { override: "off" }).status).toBe(200);
      f.time.advance(5_000);
      expect(f.api("POST", "/api/loads/salon/override", { override: "auto" }).status).toBe(200);
      return f;
    },
  },
];

/** The page's visible words, without the owner's load names and the other language's link (its own name). */
async function visibleText(p: Page): Promise<string> {
  // Evaluated in the page (a string: this test's TypeScript has no DOM types).
  return p.evaluate(`(() => {
    const body = document.body.cloneNode(true);
    for (const el of Array.from(body.querySelectorAll(".name, nav a[hreflang], style"))) el.remove();
    const placeholders = Array.from(body.querySelectorAll("[placeholder]")).map((el) => el.getAttribute("placeholder"));
    return document.title + " " + body.textContent + " " + placeholders.join(" ");
  })()`);
}

async function show(f: WebFixture, lang: Lang, state: State): Promise<void> {
  const query: Record<string, string> = { lang };
  if (state.notice !== undefined) query.notice = state.notice;
  const html = f.request("GET", "/", { query }).body;
  await page.setContent(html, { waitUntil: "load" });
  await page.screenshot({ path: join(SHOTS, `status-${state.name}-${lang}.png`), fullPage: true });
}

describe.each(STATES.map((s) => [s.name, s] as const))("status page, %s, on a 390 px phone", (_name, state) => {
  let f: WebFixture;
  beforeAll(async () => {
    f = await state.make();
  });

  test.each(["fr", "en"] as const)("%s: no horizontal overflow, no word of the other language", async (lang) => {
    await show(f, lang, state);
    const widthPx = await page.evaluate<number>("document.documentElement.scrollWidth");
    expect(widthPx).toBeLessThanOrEqual(PHONE_WIDTH_PX);
    const text = await visibleText(page);
    expect(wordsIn(text, lang === "fr" ? ENGLISH : FRENCH)).toEqual([]);
  });
});

describe("what each state says", () => {
  const text = async (f: WebFixture, lang: Lang, selector: string): Promise<string> => {
    await page.setContent(f.request("GET", "/", { query: { lang } }).body);
    return (await page.locator(selector).first().textContent()) ?? "";
  };

  test("red peak: the shed heater says until when and why, in each language; the page has a clock", async () => {
    const f = await ownerFixture(JANUARY_MORNING, { colour: "red", period: "hp", powerVA: 1500 });
    expect(await text(f, "fr", 'section[data-load="salon"] .reason')).toBe("coupé jusqu’à 22 h : jour rouge, heures pleines");
    expect(await text(f, "en", 'section[data-load="salon"] .reason')).toBe("off until 22:00: red day, peak hours");
    expect(await text(f, "fr", "#clock")).toBe("Il est 9 h · données du compteur de 9 h");
    expect(await text(f, "en", "#clock")).toBe("It is 09:00 · meter data from 09:00");
  });

  test("meter lost: an alert banner saying since when, and no power figure", async () => {
    const f = await ownerFixture(JANUARY_MORNING, { colour: "blue", period: "hp", powerVA: 1500 });
    f.time.advance(2 * 60_000 + 30_000);
    for (const lang of ["fr", "en"] as const) {
      await page.setContent(f.request("GET", "/", { query: { lang } }).body);
      const alert = page.getByRole("alert");
      expect(await alert.count()).toBe(1);
      expect(await alert.textContent()).toBe(
        lang === "fr" ? "Compteur muet depuis 9 h : la puissance appelée n’est plus mesurée." : "Meter silent since 09:00: the power drawn is no longer measured.",
      );
      expect(await page.locator("#power").getAttribute("data-known")).toBe("false");
    }
  });

  test("a load held by its minimum off time says until when it waits and what comes next", async () => {
    const f = await ownerFixture(JANUARY_MORNING, { colour: "blue", period: "hp", powerVA: 1500 });
    f.api("POST", "/api/loads/salon/override", { override: "off" });
    f.time.advance(5_000);
    f.api("POST", "/api/loads/salon/override", { override: "auto" });
    const minOffMs = f.box.settings().loads[0].minOffMs;
    const reason = await text(f, "en", 'section[data-load="salon"] .reason');
    expect(reason).toMatch(/^off until 09:0\d: minimum off time \(spares the relay\)$/);
    expect(await page.locator('section[data-load="salon"] .reason').getAttribute("data-until")).toBe(String(Date.parse(JANUARY_MORNING) + minOffMs));
    expect(await page.locator('section[data-load="salon"] .because').first().textContent()).toBe("then on: normal operation");
  });
});
