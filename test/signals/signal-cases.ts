// Parser and arbiter cases for the Internet tariff signals, shared by jest and the XS lane.
// Node-free: imports only src/; each case returns its failures (empty when it passes).

import { weighDay, type OnlineColour } from "../../src/signals/arbiter";
import { parseEcowatt, parseJourTempo, parseRteCalendar, parseRteToken, parseTempoLight } from "../../src/signals/parsers";
import type { ColourOrUnknown } from "../../src/tariff/tariff-tracker";
import type { LocalDate } from "../../src/tariff/tempo-calendar";

export interface SignalCase {
  name: string;
  run(): string[];
}

const eq = (name: string, got: unknown, want: unknown): string[] =>
  JSON.stringify(got) === JSON.stringify(want) ? [] : [`${name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`];

/** RTE's calendar for Tue 1 and Wed 2 Dec 2026 as the API shapes it (newest first, civil-midnight dates). */
export const RTE_CALENDAR = {
  tempo_like_calendars: {
    start_date: "2026-12-01T00:00:00+01:00",
    end_date: "2026-12-03T00:00:00+01:00",
    values: [
      { start_date: "2026-12-02T00:00:00+01:00", end_date: "2026-12-03T00:00:00+01:00", value: "RED", updated_date: "2026-12-01T10:20:00+01:00" },
      { start_date: "2026-12-01T00:00:00+01:00", end_date: "2026-12-02T00:00:00+01:00", value: "WHITE", updated_date: "2026-11-30T10:20:00+01:00" },
    ],
  },
};

export const ECOWATT = {
  signals: [
    {
      GenerationFichier: "2026-12-01T17:00:00+01:00",
      jour: "2026-12-02T00:00:00+01:00",
      dvalue: 3,
      message: "Coupures d'électricité programmées possibles",
      values: [{ pas: 7, hvalue: 2 }, { pas: 8, hvalue: 3 }, { pas: 9, hvalue: 3 }, { pas: 10, hvalue: 2 }, { pas: 24, hvalue: 3 }, { pas: 11, hvalue: 9 }],
    },
    { GenerationFichier: "2026-12-01T17:00:00+01:00", jour: "2026-12-01T00:00:00+01:00", dvalue: 1, message: "", values: [] },
  ],
};

const d = (year: number, month: number, day: number): LocalDate => ({ year, month, day });
const TUE = d(2026, 12, 1);
const SUN = d(2026, 12, 6);
const online = (...pairs: [string, "blue" | "white" | "red"][]): OnlineColour[] => pairs.map(([source, colour]) => ({ source, colour }));
const meter = (colour: ColourOrUnknown, source = "STGE") => ({ colour, source });

export const SIGNAL_CASES: SignalCase[] = [
  { name: "token: access_token and expires_in", run: () => eq("token", parseRteToken({ access_token: "abc", token_type: "Bearer", expires_in: 7200 }), { ok: true, value: { token: "abc", lifetimeS: 7200 } }) },
  { name: "token: no lifetime is an error", run: () => eq("token", parseRteToken({ access_token: "abc" }).ok, false) },
  { name: "token: an absurd lifetime is an error", run: () => eq("token", parseRteToken({ access_token: "abc", expires_in: 1e9 }).ok, false) },
  {
    name: "RTE calendar: civil dates name the Tempo days",
    run: () => eq("calendar", parseRteCalendar(RTE_CALENDAR), { ok: true, value: [{ date: d(2026, 12, 2), colour: "red" }, { date: TUE, colour: "white" }] }),
  },
  {
    name: "RTE calendar: summer offset dates stay on their civil day",
    run: () => eq("summer", parseRteCalendar({ tempo_like_calendars: { values: [{ start_date: "2026-07-14T00:00:00+02:00", value: "BLUE" }] } }), { ok: true, value: [{ date: d(2026, 7, 14), colour: "blue" }] }),
  },
  { name: "RTE calendar: an unknown value is left out", run: () => eq("unknown", parseRteCalendar({ tempo_like_calendars: { values: [{ start_date: "2026-12-01T00:00:00+01:00", value: "GREEN" }] } }), { ok: true, value: [] }) },
  { name: "RTE calendar: a bad date is an error", run: () => eq("bad date", parseRteCalendar({ tempo_like_calendars: { values: [{ start_date: "2026-13-01", value: "RED" }] } }).ok, false) },
  { name: "RTE calendar: another shape is an error", run: () => eq("shape", parseRteCalendar({ values: [] }).ok, false) },
  {
    name: "tempoLight: dates, fallback colours left out",
    run: () => eq("light", parseTempoLight({ values: { "2026-12-01": "WHITE", "2026-12-01-fallback": "false", "2026-12-02": "BLUE", "2026-12-02-fallback": "true", "2026-02-30": "RED" } }), { ok: true, value: [{ date: TUE, colour: "white" }] }),
  },
  { name: "jourTempo: codeJour 3 is red", run: () => eq("red", parseJourTempo({ dateJour: "2026-12-01", codeJour: 3, periode: "2026-2027" }), { ok: true, value: [{ date: TUE, colour: "red" }] }) },
  { name: "jourTempo: codeJour 0 is not yet known", run: () => eq("zero", parseJourTempo({ dateJour: "2026-12-02", codeJour: 0 }), { ok: true, value: [] }) },
  { name: "jourTempo: a code as text is an error", run: () => eq("text", parseJourTempo({ dateJour: "2026-12-02", codeJour: "3" }).ok, false) },
  {
    name: "Ecowatt: day level and hours; bad steps ignored",
    run: () => {
      const parsed = parseEcowatt(ECOWATT);
      if (!parsed.ok) return [`Ecowatt: ${parsed.error}`];
      const hours = parsed.value[0].hourLevels;
      return [
        ...eq("date", parsed.value[0].date, d(2026, 12, 2)),
        ...eq("dvalue", parsed.value[0].dayLevel, 3),
        ...eq("hours 7-11", hours.slice(7, 12), [2, 3, 3, 2, 0]),
        ...eq("second day", parsed.value[1].hourLevels.every((h) => h === 0), true),
      ];
    },
  },
  { name: "Ecowatt: a dvalue of 4 is an error", run: () => eq("dvalue", parseEcowatt({ signals: [{ jour: "2026-12-02T00:00:00+01:00", dvalue: 4 }] }).ok, false) },
  // Arbiter
  {
    name: "today: the meter wins over RTE (it bills), the disagreement is said",
    run: () => {
      const v = weighDay(TUE, meter("white"), online(["rte", "red"]), true);
      return [...eq("colour", v.colour, "white"), ...eq("provenance", v.provenance, "meter (STGE)"), ...eq("disagreements", v.disagreements.length, 1), ...eq("confidence", v.confidence, "medium")];
    },
  },
  {
    name: "today: the meter silent, RTE fills in",
    run: () => eq("v", weighDay(TUE, meter("unknown", "none"), online(["rte", "white"]), true), { colour: "white", provenance: "rte", confidence: "medium", disagreements: [] }),
  },
  {
    name: "tomorrow: a firm RTE red beats the meter's ----",
    run: () => eq("v", weighDay(d(2026, 12, 2), meter("unknown", "none"), online(["rte", "red"], ["community", "red"]), false), { colour: "red", provenance: "rte+community", confidence: "high", disagreements: [] }),
  },
  {
    name: "tomorrow: RTE beats a meter still showing white, and says so",
    run: () => {
      const v = weighDay(d(2026, 12, 2), meter("white", "DEMAIN"), online(["rte", "red"]), false);
      return [...eq("colour", v.colour, "red"), ...eq("disagreement", v.disagreements, ["meter (DEMAIN) says white: a firm online colour wins for tomorrow"])];
    },
  },
  {
    name: "calendar rules: a red Sunday from the community is suspect, RTE's blue wins",
    run: () => {
      const v = weighDay(SUN, meter("unknown", "none"), online(["community", "red"], ["rte", "blue"]), false);
      return [...eq("colour", v.colour, "blue"), ...eq("disagreement", v.disagreements, ["community says red: suspect: red on a weekend"])];
    },
  },
  {
    name: "calendar rules: a meter saying red on a Sunday loses to a plausible online colour even today",
    run: () => eq("colour", weighDay(SUN, meter("red"), online(["rte", "blue"]), true).colour, "blue"),
  },
  {
    name: "sources ranked: RTE ahead of the community when they differ",
    run: () => {
      const v = weighDay(TUE, meter("unknown", "none"), online(["community", "white"], ["rte", "blue"]), false);
      return [...eq("colour", v.colour, "blue"), ...eq("confidence", v.confidence, "medium"), ...eq("disagreement", v.disagreements, ["community says white: a source ahead of it wins"])];
    },
  },
  {
    name: "season counts: a meter red that would be the 23rd red day loses to a plausible online blue even today; the 22nd stands",
    run: () => {
      const v = weighDay(TUE, meter("red"), online(["rte", "blue"]), true, { red: 22, white: 0 });
      const last = weighDay(TUE, meter("red"), online(["rte", "blue"]), true, { red: 21, white: 0 });
      return [
        ...eq("colour", v.colour, "blue"),
        ...eq("disagreement", v.disagreements, ["meter (STGE) says red: suspect: would be red day 23 of the season (22 at most)"]),
        ...eq("22nd", [last.colour, last.disagreements], ["red", ["rte says blue: the meter bills"]]),
      ];
    },
  },
  {
    name: "season counts: RTE's 44th white is suspect, the community's blue wins; alone it is kept, low",
    run: () => {
      const v = weighDay(TUE, meter("unknown", "none"), online(["rte", "white"], ["community", "blue"]), false, { red: 0, white: 43 });
      const alone = weighDay(TUE, meter("unknown", "none"), online(["rte", "white"]), false, { red: 0, white: 43 });
      return [
        ...eq("colour", v.colour, "blue"),
        ...eq("disagreement", v.disagreements, ["rte says white: suspect: would be white day 44 of the season (43 at most)"]),
        ...eq("alone", [alone.colour, alone.confidence], ["white", "low"]),
      ];
    },
  },
  { name: "nothing known: unknown, none", run: () => eq("v", weighDay(TUE, meter("unknown", "none"), [], false), { colour: "unknown", provenance: "none", confidence: "none", disagreements: [] }) },
];
