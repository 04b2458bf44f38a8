// The status page's words from the engine's codes: times and numbers per language, until-when only from known facts.
import type { ControllerSnapshot, LoadSnapshot } from "../../src/app/types";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { clockText, intText, sinceText, untilText } from "../../src/text/clock";
import { loadWhy, offPeakEndMs, peakEndMs } from "../../src/web/status-why";
import { ownerFixture } from "./web-fixture";

const at = (iso: string): number => parseIsoWithOffset(iso);

function snapshotWith(load: Partial<LoadSnapshot>, period: "hp" | "hc" = "hp"): { s: ControllerSnapshot; load: LoadSnapshot } {
  const l: LoadSnapshot = {
    id: "salon", name: "Salon", kind: "relay", priority: 2, nominalPowerW: 2000, on: false, level: "off", allocatedW: 0,
    reason: "red_peak", detail: "red HP (colour: PTEC, period: clock)", override: "auto", switchesToday: 1, lastSwitchMs: null, confirmed: null, ...load,
  };
  const s: ControllerSnapshot = {
    mode: "AUTO", heatUntilMs: null, thermostat: {} as ControllerSnapshot["thermostat"],
    tariff: { colour: "red", period, tomorrow: "unknown", source: "PTEC", suspicious: [] },
    meter: { status: "ok", lastFrameMs: 0, powerVA: 1000, limitVA: 9000 },
    overload: { active: false, unresolved: false, shedIds: [], waitingIds: [] },
    signals: { online: [], today: null, tomorrow: null, ecowatt: [] },
    loads: [l],
    manager: { availablePowerW: 8500, availableSource: "meter", tanks: [], forcedPowerW: {} },
  };
  return { s, load: l };
}

test("times: 14 h 02 / 14:02, whole hours as 22 h, other days named; numbers grouped the language's way", () => {
  const now = at("2026-01-14T09:00:00+01:00");
  expect(clockText("fr", at("2026-01-14T14:02:00+01:00"))).toBe("14 h 02");
  expect(clockText("en", at("2026-01-14T14:02:00+01:00"))).toBe("14:02");
  expect(untilText("fr", at("2026-01-14T22:00:00+01:00"), now)).toBe("jusqu’à 22 h");
  expect(untilText("en", at("2026-01-15T06:00:00+01:00"), now)).toBe("until tomorrow 06:00");
  expect(untilText("fr", at("2026-01-17T06:30:00+01:00"), now)).toBe("jusqu’au 17/01 à 6 h 30");
  expect(sinceText("fr", at("2026-01-13T23:10:00+01:00"), now)).toBe("depuis hier 23 h 10");
  expect(intText("fr", 7200)).toBe("7\u202f200");
  expect(intText("en", 1234567)).toBe("1,234,567");
  expect(intText("en", -950)).toBe("-950");
});

test("the peak ends at 22:00 French time, summer or winter; outside the peak there is no end to give", () => {
  expect(peakEndMs(at("2026-07-01T21:59:00+02:00"))).toBe(at("2026-07-01T22:00:00+02:00"));
  expect(peakEndMs(at("2026-01-14T06:00:00+01:00"))).toBe(at("2026-01-14T22:00:00+01:00"));
  expect(peakEndMs(at("2026-01-14T22:00:00+01:00"))).toBeUndefined();
  expect(peakEndMs(at("2026-01-14T05:59:00+01:00"))).toBeUndefined();
  // Off-peak ends at the next 06:00, across midnight and across the autumn clock change (25 h day).
  expect(offPeakEndMs(at("2026-01-14T23:30:00+01:00"))).toBe(at("2026-01-15T06:00:00+01:00"));
  expect(offPeakEndMs(at("2026-01-15T02:00:00+01:00"))).toBe(at("2026-01-15T06:00:00+01:00"));
  expect(offPeakEndMs(at("2026-10-24T22:30:00+02:00"))).toBe(at("2026-10-25T06:00:00+01:00"));
  expect(offPeakEndMs(at("2026-01-14T12:00:00+01:00"))).toBeUndefined();
});

test("a load's why: the peak's end, nothing guessed for an overload, the unknown colour named as the setting treats it", () => {
  const now = at("2026-01-14T09:00:00+01:00");
  const red = snapshotWith({ numbers: { colour: "red", period: "hp", colourSource: "PTEC", periodSource: "clock" } });
  expect(loadWhy("fr", red.load, red.s, now)).toEqual({
    headline: "coupé jusqu’à 22 h : jour rouge, heures pleines",
    lines: ["Couleur donnée par le compteur, heures par l’horloge de la box."],
    untilMs: at("2026-01-14T22:00:00+01:00"),
  });
  const over = snapshotWith({ reason: "overload", numbers: { drawnVA: 9800, limitVA: 9000, excessVA: 800, shedW: 2000, priority: 2 } });
  expect(loadWhy("en", over.load, over.s, now)).toEqual({ headline: "off: power overload", lines: ["9,800 VA drawn against a 9,000 VA limit."] });
  const unknown = snapshotWith({ numbers: { colour: "unknown", period: "hp", colourSource: "none", periodSource: "clock" } });
  expect(loadWhy("en", unknown.load, unknown.s, now).lines).toEqual(["Today's colour is not known: treated as a red day (setting)."]);
});

test("a held load says what holds it and until when, then what comes; a hold already over gives no end", () => {
  const now = at("2026-01-14T09:00:00+01:00");
  const held = snapshotWith({ reason: "normal", on: true, held: { by: "min_on", wantsOn: false, wantsReason: "red_peak", untilMs: now + 90_000 } });
  expect(loadWhy("fr", held.load, held.s, now)).toEqual({
    headline: "en marche jusqu’à 9 h 01 : durée minimale de marche (ménage le relais)",
    lines: ["puis coupé : jour rouge, heures pleines"],
    untilMs: now + 90_000,
  });
  expect(loadWhy("en", held.load, held.s, now + 100_000).headline).toBe("on: minimum on time (spares the relay)");
});

test("the engine carries a hold as codes: what holds the load, what it wants, until when; gone once the hold ends", async () => {
  const f = await ownerFixture("2026-01-14T09:00:00+01:00", { colour: "blue", period: "hp", powerVA: 1500 });
  const t0 = f.time.nowMs();
  f.api("POST", "/api/loads/salon/override", { override: "off" });
  f.time.advance(5_000);
  f.api("POST", "/api/loads/salon/override", { override: "auto" });
  const minOffMs = f.box.settings().loads[0].minOffMs;
  const salon = () => f.box.snapshot()?.loads.find((l) => l.id === "salon");
  expect(salon()?.held).toEqual({ by: "min_off", wantsOn: true, wantsReason: "normal", untilMs: t0 + minOffMs });
  expect(salon()?.on).toBe(false);
  f.time.advance(minOffMs);
  f.frame({ colour: "blue", period: "hp", powerVA: 1500 });
  expect([salon()?.on, salon()?.held]).toEqual([true, undefined]);
});
