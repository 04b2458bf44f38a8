// The signals slice counts the red and white Tempo days it settled this season (one per day, from today's last
// verdict) and hands the counts to the arbiter: a 23rd red or a 44th white is suspect; 1 September starts again.
import { onTempoSignal, reweigh, initialSignals, type SignalsState } from "../../src/signals/slice";
import { initialTariff } from "../../src/tariff/tariff-tracker";
import { localToUtc } from "../../src/tariff/local-time";
import { addDays, weekdayOf, type LocalDate } from "../../src/tariff/tempo-calendar";
import type { TempoColour } from "../../src/tic/types";

type Said = [source: string, colour: TempoColour][];

/** At `hour` local on `date`: the sources' words on that Tempo day and the next, weighed (the meter silent). */
function at(state: SignalsState, date: LocalDate, today: Said, tomorrow: Said = [], hour = 12): SignalsState {
  const next = addDays(date, 1);
  const todayStartMs = localToUtc(date.year, date.month, date.day, 6);
  const tomorrowStartMs = localToUtc(next.year, next.month, next.day, 6);
  const colours = [
    ...today.map(([source, colour]) => ({ source, colour, dayStartMs: todayStartMs })),
    ...tomorrow.map(([source, colour]) => ({ source, colour, dayStartMs: tomorrowStartMs })),
  ];
  const nowMs = localToUtc(date.year, date.month, date.day, hour);
  return reweigh(onTempoSignal(state, colours), initialTariff(nowMs), nowMs);
}

/** The next `count` days from `from` that are not `skip`ped weekdays (0 Sunday … 6 Saturday). */
function days(from: LocalDate, count: number, skip: number[]): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; out.length < count; d = addDays(d, 1)) if (skip.indexOf(weekdayOf(d)) < 0) out.push(d);
  return out;
}

test("each red day counts once, from its last verdict; the 23rd red of the season is suspect, today's red counted for tomorrow", () => {
  let s = initialSignals();
  const reds = days({ year: 2026, month: 12, day: 1 }, 23, [0, 6]);
  // Asked three times a day, and the first 21 days start white in the morning: only the evening's red counts.
  for (const d of reds.slice(0, 21)) {
    s = at(s, d, [["rte", "white"]], [], 7);
    s = at(s, d, [["rte", "red"]], [], 12);
    s = at(s, d, [["rte", "red"]], [], 21);
  }
  // Day 22 is red today; a red tomorrow would be the 23rd.
  s = at(s, reds[21], [["rte", "red"]], [["rte", "red"], ["community", "blue"]]);
  expect(s.tally).toMatchObject({ season: 2026, red: 21, white: 0 });
  expect(s.today).toMatchObject({ colour: "red", disagreements: [] });
  expect(s.tomorrow).toMatchObject({ colour: "blue", provenance: "community" });
  expect(s.tomorrow!.disagreements).toEqual(["rte says red: suspect: would be red day 23 of the season (22 at most)"]);
  // The next day RTE still says red: today's 23rd red is suspect.
  s = at(s, reds[22], [["rte", "red"], ["community", "blue"]]);
  expect(s.tally).toMatchObject({ red: 22, white: 0 });
  expect(s.today).toMatchObject({ colour: "blue", provenance: "community" });
  expect(s.today!.disagreements).toEqual(["rte says red: suspect: would be red day 23 of the season (22 at most)"]);
});

test("a clock stepped back across 06:00 does not count a day twice", () => {
  let s = initialSignals();
  const [a, b, c] = days({ year: 2027, month: 1, day: 4 }, 3, [0, 6]);
  s = at(s, a, [["rte", "white"]]);
  s = at(s, b, [["rte", "white"]]);
  s = at(s, a, [["rte", "white"]], [], 23); // back to yesterday evening
  s = at(s, b, [["rte", "white"]]);
  s = at(s, c, [["rte", "white"]]);
  expect(s.tally).toMatchObject({ white: 2 });
});

test("1 September starts a new season: counts reset, and tomorrow's white on 31 August is weighed against the new one", () => {
  let s = initialSignals();
  // 43 white days in July and August 2027 (season 2026–2027), then blue up to 30 August.
  const whites = days({ year: 2027, month: 7, day: 1 }, 43, [0]);
  for (const d of whites) s = at(s, d, [["rte", "white"]]);
  for (let d = addDays(whites[42], 1); d.day !== 31 || d.month !== 8; d = addDays(d, 1)) s = at(s, d, [["rte", "blue"]]);
  // 31 August: a white today would be the 44th; a white tomorrow (1 September) is the new season's first.
  s = at(s, { year: 2027, month: 8, day: 31 }, [["rte", "white"], ["community", "blue"]], [["rte", "white"], ["community", "blue"]]);
  expect(s.tally).toMatchObject({ season: 2026, white: 43 });
  expect(s.today).toMatchObject({ colour: "blue", provenance: "community" });
  expect(s.today!.disagreements).toEqual(["rte says white: suspect: would be white day 44 of the season (43 at most)"]);
  expect(s.tomorrow).toMatchObject({ colour: "white", provenance: "rte", confidence: "medium" });
  s = at(s, { year: 2027, month: 9, day: 1 }, [["rte", "white"], ["community", "blue"]]);
  expect(s.tally).toMatchObject({ season: 2027, red: 0, white: 0 });
  expect(s.today).toMatchObject({ colour: "white", provenance: "rte" });
  s = at(s, { year: 2027, month: 9, day: 2 }, [["rte", "blue"]]);
  expect(s.tally).toMatchObject({ season: 2027, red: 0, white: 1 });
});
