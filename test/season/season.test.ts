// The season simulator: a short season's totals through the real Device against the simulator's own sum, the shipped
// calendar against RTE's rules and its generator, a blue week where the box changes nothing, bad household files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { calendarFileText, calendarProblems, drawCalendar, parseCalendarFile, type SeasonCalendar } from "../../host-sim/season/calendar";
import { DEFAULT_HOME, parseHome } from "../../host-sim/season/home";
import { parseSeasonArgs } from "../../host-sim/season/main";
import { runSeason } from "../../host-sim/season/run";
import { DEFAULT_TEMPO_PRICES } from "../../src/energy/prices";
import { CELL_NAMES } from "../../src/energy/tempo-indexes";

const calendarText = readFileSync(join(__dirname, "../../host-sim/season/calendars/2025-2026.json"), "utf8");
const calendar = parseCalendarFile(calendarText) as SeasonCalendar;

describe("season calendar", () => {
  it("the shipped 2025-2026 calendar keeps RTE's rules and says it is drawn, not RTE's", () => {
    expect(typeof calendar).toBe("object");
    expect(calendarProblems(calendar)).toEqual([]);
    expect(calendar.source).toMatch(/not RTE's real calendar/);
  });
  it("is exactly what its generator draws with its seed (a generated table: the generator and seed are committed)", () => {
    expect(calendarFileText(drawCalendar(2025, 2025))).toBe(calendarText);
  });
  it("the rules check finds a red Sunday and the wrong count of red days", () => {
    const bad = drawCalendar(2025, 7);
    const firstSunday = bad.colours.findIndex((_c, i) => (((bad.firstDay + i + 4) % 7) + 7) % 7 === 0 && i > 70);
    bad.colours[firstSunday] = "red";
    expect(calendarProblems(bad).join("; ")).toMatch(/red on a weekend.*23 red days/);
  });
});

describe("a short season through the real Device", () => {
  // 10 January 2026 onwards (day 131 of the season): red, white and blue days in the cold.
  const result = runSeason({ calendar, home: DEFAULT_HOME, fromDay: 131, days: 7 });

  it("the box's accounts (meter indexes → decoder → energy monitor) equal the simulator's own sum, cell by cell", () => {
    const box = result.boxView.periods.season.wh;
    CELL_NAMES.forEach((cell, i) => expect(Math.abs(box[cell] - result.withBox.wh[i])).toBeLessThanOrEqual(1)); // the meter prints whole Wh
    expect(result.boxView.meter).toMatchObject({ resets: 0, jumps: 0, unplacedWh: 0 });
    const eurByHand = result.withBox.wh.reduce((sum, wh, i) => sum + (wh / 1000) * [0.1356, 0.1654, 0.1536, 0.1921, 0.1615, 0.7295][i], 0);
    expect(result.withBox.eur.reduce((a, b) => a + b, 0)).toBeCloseTo(eurByHand, 6);
    expect(result.boxView.periods.season.energyEur).toBeCloseTo(eurByHand, 0);
    expect(result.subscriptionEur).toBeCloseTo((DEFAULT_TEMPO_PRICES.subscriptionEurPerYear * 7) / 365, 6);
  });

  it("on red and white peaks the box saves money at a comfort cost, switches its relays, and counts its shed days", () => {
    const colours = result.colours;
    expect(colours.filter((c) => c !== "blue").length).toBeGreaterThan(0);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(result.withBox.eur)).toBeLessThan(sum(result.without.eur));
    expect(result.withBox.wh[5]).toBeLessThan(result.without.wh[5]); // red HP
    expect(Object.values(result.comfortKh).some((kh) => kh > 0)).toBe(true);
    expect(Object.values(result.switches).some((n) => n > 0)).toBe(true);
    expect(result.boxView.season.daysWithShedding).toBe(colours.slice(0, 6).filter((c) => c !== "blue").length);
  });

  it("three all-blue winter days: the box sheds nothing, both runs draw the same, no comfort cost", () => {
    const blue = runSeason({ calendar: { ...calendar, colours: calendar.colours.map(() => "blue") }, home: DEFAULT_HOME, fromDay: 120, days: 3 });
    expect(blue.withBox.wh.map(Math.round)).toEqual(blue.without.wh.map(Math.round));
    expect(Object.values(blue.comfortKh)).toEqual([0, 0, 0]);
    expect(blue.boxView.periods.season.savingsEur).toBe(0);
  });
});

describe("household file and options", () => {
  it("names every bad field", () => {
    const bad = parseHome(JSON.stringify({ subscribedKVA: 50, heaters: [{ id: "Salon!", powerW: 5, priority: 9, setpointC: 20, lossWPerK: 50, capacityWhPerK: 1000 }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual(["subscribedKVA: must be a number between 3 and 36", "heaters[0].id: must be an id (a-z 0-9 _ -)", "heaters[0].powerW: must be a number between 100 and 10000", "heaters[0].priority: must be a number between 0 and 4"]);
    expect(parseHome("{").ok).toBe(false);
    expect(parseHome(JSON.stringify({ name: "Petit appartement", subscribedKVA: 6 }))).toMatchObject({ ok: true, home: { subscribedKVA: 6, heaters: DEFAULT_HOME.heaters } });
  });
  it("the example household file in host-sim/season/homes reads", () => {
    const home = parseHome(readFileSync(join(__dirname, "../../host-sim/season/homes/appartement-6kva.json"), "utf8"));
    expect(home).toMatchObject({ ok: true, home: { subscribedKVA: 6, heaters: [{ id: "sejour" }, { id: "chambre" }], waterHeater: { tankL: 100 } } });
  });
  it("reads --season, --home, --days and refuses the rest", () => {
    expect(parseSeasonArgs(["--season", "2024-2025", "--home", "h.json", "--days", "7", "--json"])).toEqual({ ok: true, options: { season: "2024-2025", homeFile: "h.json", days: 7, json: true } });
    expect(parseSeasonArgs(["--season", "2025-2027"]).ok).toBe(false);
    expect(parseSeasonArgs(["--days", "0"]).ok).toBe(false);
    expect(parseSeasonArgs(["--fast"]).ok).toBe(false);
  });
});
