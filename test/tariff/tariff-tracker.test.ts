// Today's and tomorrow's colours from meter, external source and our clock.
import { advanceClock, applyExternalTomorrow, applyReading, initialTariff } from "../../src/tariff/tariff-tracker";
import { parseIsoWithOffset as at } from "../../src/tariff/local-time";
import { reading } from "../app/readings";

const TOL = 300_000;

describe("tariff tracker", () => {
  test("meter colours stand; tomorrow rolls into today at 06:00 on our clock", () => {
    let t = initialTariff(at("2026-01-14T21:00:00+01:00"));
    t = applyReading(t, reading({ colour: "blue", period: "hp", tomorrow: "red" }), at("2026-01-14T21:00:00+01:00"), TOL);
    expect([t.today, t.period, t.tomorrow]).toEqual(["blue", "hp", "red"]);
    t = advanceClock(t, at("2026-01-14T22:00:00+01:00"), true);
    expect(t.period).toBe("hc"); // the boundary switches at once, before the next frame
    t = advanceClock(t, at("2026-01-15T06:00:00+01:00"), false);
    expect([t.today, t.period, t.tomorrow]).toEqual(["red", "hp", "unknown"]);
    expect(t.todaySource).toContain("rolled from tomorrow");
  });

  test("an external tomorrow fills a meter that says ----, a meter colour beats it", () => {
    const now = at("2026-01-14T12:00:00+01:00");
    let t = applyReading(initialTariff(now), reading({ colour: "white", tomorrow: "unknown" }), now, TOL);
    t = applyExternalTomorrow(t, "red", "rte", now);
    expect([t.tomorrow, t.tomorrowSource]).toEqual(["red", "rte"]);
    t = applyReading(t, reading({ colour: "white", tomorrow: "blue" }), now + 2000, TOL);
    expect([t.tomorrow, t.tomorrowSource]).toEqual(["blue", "DEMAIN"]);
    t = applyReading(t, reading({ colour: "white", tomorrow: "unknown" }), now + 4000, TOL);
    expect(t.tomorrow).toBe("red"); // the meter went quiet again: the external colour stands
  });

  test("calendar doubts and meter clock disagreement are flagged", () => {
    const sunday = at("2026-01-18T10:00:00+01:00");
    let t = applyReading(initialTariff(sunday), reading({ colour: "red", meterTime: "H260118130000" }), sunday, TOL);
    expect(t.suspicious).toEqual(["today: red on a weekend", "meter clock off by 10800 s"]);
    expect(t.meterClockSkewS).toBe(3 * 3600);
    t = applyReading(t, reading({ colour: "blue", meterTime: "H260118100001" }), sunday, TOL);
    expect(t.suspicious).toEqual([]);
  });

  test("remembered colours come back after a restart the same day, and roll the next day", () => {
    const dayStartMs = at("2026-01-15T06:00:00+01:00");
    const same = initialTariff(at("2026-01-15T11:00:00+01:00"), { dayStartMs, today: "red", tomorrow: "white" });
    expect([same.today, same.tomorrow]).toEqual(["red", "white"]);
    const next = initialTariff(at("2026-01-16T07:00:00+01:00"), { dayStartMs, today: "red", tomorrow: "white" });
    expect([next.today, next.tomorrow]).toEqual(["white", "unknown"]);
    const stale = initialTariff(at("2026-01-20T07:00:00+01:00"), { dayStartMs, today: "red", tomorrow: "white" });
    expect(stale.today).toBe("unknown");
  });
});
