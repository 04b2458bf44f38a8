// The Tempo day (06:00→06:00), HP/HC, the calendar doubts and the meter horodate.
import { calendarDoubts, horodateToUtcMs, nextTempoDayStartMs, peakEndAfterMs, periodAt, tempoDate, tempoDayStartMs } from "../../src/tariff/tempo-calendar";
import { parseIsoWithOffset as at } from "../../src/tariff/local-time";

describe("Tempo calendar", () => {
  test.each([
    ["2026-01-15T05:59:59+01:00", { year: 2026, month: 1, day: 14 }, "hc"],
    ["2026-01-15T06:00:00+01:00", { year: 2026, month: 1, day: 15 }, "hp"],
    ["2026-01-15T21:59:59+01:00", { year: 2026, month: 1, day: 15 }, "hp"],
    ["2026-01-15T22:00:00+01:00", { year: 2026, month: 1, day: 15 }, "hc"],
    ["2026-01-16T00:30:00+01:00", { year: 2026, month: 1, day: 15 }, "hc"],
    ["2026-03-29T05:30:00+02:00", { year: 2026, month: 3, day: 28 }, "hc"],
    ["2026-03-29T06:00:00+02:00", { year: 2026, month: 3, day: 29 }, "hp"],
  ])("%s belongs to %o in %s", (local, date, period) => {
    expect(tempoDate(at(local))).toEqual(date);
    expect(periodAt(at(local))).toBe(period);
  });

  test("day starts at 06:00 local, across the spring change (a 23-hour Tempo day)", () => {
    expect(tempoDayStartMs(at("2026-03-28T12:00:00+01:00"))).toBe(at("2026-03-28T06:00:00+01:00"));
    expect(nextTempoDayStartMs(at("2026-03-28T12:00:00+01:00"))).toBe(at("2026-03-29T06:00:00+02:00"));
    expect(at("2026-03-29T06:00:00+02:00") - at("2026-03-28T06:00:00+01:00")).toBe(23 * 3_600_000);
  });

  test("peak end: this evening during the day, tomorrow evening after 22:00", () => {
    expect(peakEndAfterMs(at("2026-01-15T10:00:00+01:00"))).toBe(at("2026-01-15T22:00:00+01:00"));
    expect(peakEndAfterMs(at("2026-01-15T23:00:00+01:00"))).toBe(at("2026-01-16T22:00:00+01:00"));
    expect(peakEndAfterMs(at("2026-01-16T03:00:00+01:00"))).toBe(at("2026-01-16T22:00:00+01:00"));
  });

  test.each([
    ["red", { year: 2026, month: 1, day: 15 }, []], // Thursday in January
    ["red", { year: 2026, month: 1, day: 17 }, ["red on a weekend"]], // Saturday
    ["red", { year: 2026, month: 4, day: 15 }, ["red outside 1 Nov–31 Mar"]],
    ["red", { year: 2026, month: 10, day: 31 }, ["red outside 1 Nov–31 Mar", "red on a weekend"]],
    ["white", { year: 2026, month: 1, day: 18 }, ["white on a Sunday"]],
    ["white", { year: 2026, month: 1, day: 17 }, []],
    ["blue", { year: 2026, month: 1, day: 18 }, []],
  ] as const)("%s on %o: %o", (colour, date, doubts) => {
    expect(calendarDoubts(colour, date)).toEqual(doubts);
  });

  test("horodate: season letter gives the offset; garbage is NaN", () => {
    expect(horodateToUtcMs("H260115060000")).toBe(at("2026-01-15T06:00:00+01:00"));
    expect(horodateToUtcMs("E260715060000")).toBe(at("2026-07-15T06:00:00+02:00"));
    expect(horodateToUtcMs("h260115060000")).toBe(at("2026-01-15T06:00:00+01:00"));
    expect(Number.isNaN(horodateToUtcMs(" 26011506000"))).toBe(true);
  });
});
