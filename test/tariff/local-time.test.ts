// French civil time without Intl, checked against Node's own tz database (Intl is fine in tests, not in src).
import fc from "fast-check";
import { civilFromDays, daysFromCivil, formatLocalIso, localParts, localToUtc, offsetHoursAt, parseIsoWithOffset } from "../../src/tariff/local-time";

const paris = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  weekday: "short",
  hourCycle: "h23",
});

function viaIntl(utcMs: number) {
  const parts: Record<string, string> = {};
  for (const p of paris.formatToParts(new Date(utcMs))) parts[p.type] = p.value;
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second, weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday) };
}

describe("French local time", () => {
  test.each([
    ["2026-03-29T00:59:59Z", "2026-03-29T01:59:59+01:00"],
    ["2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00"],
    ["2026-10-25T00:59:59Z", "2026-10-25T02:59:59+02:00"],
    ["2026-10-25T01:00:00Z", "2026-10-25T02:00:00+01:00"],
    ["2024-02-29T23:30:00Z", "2024-03-01T00:30:00+01:00"],
    ["2026-12-31T23:00:00.250Z", "2027-01-01T00:00:00.250+01:00"],
  ])("%s is %s", (utc, local) => {
    expect(formatLocalIso(Date.parse(utc))).toBe(local);
    expect(parseIsoWithOffset(local)).toBe(Date.parse(utc));
  });

  test("agrees with the tz database on every field, 1996 (EU rule since) – 2100", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2100, 0, 1) }), (utcMs) => {
        const ours = localParts(utcMs);
        const { offsetHours, ...fields } = ours;
        expect(fields).toEqual(viaIntl(utcMs));
        expect([1, 2]).toContain(offsetHours);
      }),
      { numRuns: 3000 },
    );
  });

  test("localToUtc inverts localParts outside the autumn's repeated hour", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }), (utcMs) => {
        const s = Math.floor(utcMs / 1000) * 1000;
        const p = localParts(s);
        const back = localToUtc(p.year, p.month, p.day, p.hour, p.minute, p.second);
        if (p.month === 10 && p.hour === 2 && offsetHoursAt(s) === 1) expect(back).toBe(s - 3_600_000);
        else expect(back).toBe(s);
      }),
    );
  });

  test("civil day numbers round-trip", () => {
    fc.assert(fc.property(fc.integer({ min: -100_000, max: 200_000 }), (days) => {
      const d = civilFromDays(days);
      expect(daysFromCivil(d.year, d.month, d.day)).toBe(days);
    }));
  });

  test.each(["2026-01-15", "2026-01-15T06:00", "2026-13-01T00:00:00Z", "2026-01-15T25:00:00+01:00", "nonsense"])("rejects %s", (text) => {
    expect(Number.isNaN(parseIsoWithOffset(text))).toBe(true);
  });
});
