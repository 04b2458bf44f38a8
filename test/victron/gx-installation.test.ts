// The simulated GX's installation (host-sim/gx-installation.ts): the PV day, the battery's SoC following its power,
// and the ESS behaviour the box's policy acts on (night charge slot up to its SoC, floor, BatteryLife's margin).
import { activeChargeSlot, BATTERYLIFE_MARGIN_PCT, CLOUDY_SHARE, GxInstallation } from "../../host-sim/gx-installation";
import { localToUtc } from "../../src/tariff/local-time";

const at = (hour: number, minute = 0): number => localToUtc(2026, 3, 18, hour, minute); // a Wednesday
const ESS = (extra: Record<string, number> = {}): Map<string, number> =>
  new Map(Object.entries({ "BatteryLife/MinimumSocLimit": 30, "BatteryLife/State": 10, ...extra }));
/** The box's night charge: slot 0, every day, 22:00 for 8 h, up to `soc`, discharge as given. */
const night = (soc: number, allowDischarge: 0 | 1): Record<string, number> => ({
  "BatteryLife/Schedule/Charge/0/Day": 7, "BatteryLife/Schedule/Charge/0/Start": 79_200, "BatteryLife/Schedule/Charge/0/Duration": 28_800,
  "BatteryLife/Schedule/Charge/0/Soc": soc, "BatteryLife/Schedule/Charge/0/AllowDischarge": allowDischarge,
});

/** Steps the installation every minute from `fromMs` for `minutes`; returns the last published values. */
function run(i: GxInstallation, fromMs: number, minutes: number, ess: Map<string, number>): Record<string, number> {
  let last: Record<string, number> = {};
  for (let m = 0; m <= minutes; m++) last = i.step(fromMs + m * 60_000, ess);
  return last;
}

test("PV: nothing at night, the peak at mid-day, a cloudy day a quarter of it", () => {
  const sunny = new GxInstallation({ pvPeakW: 4000 });
  const cloudy = new GxInstallation({ pvPeakW: 4000, sky: "cloudy" });
  expect(sunny.pvAt(at(3))).toBe(0);
  expect(sunny.pvAt(at(13, 30))).toBeCloseTo(4000, 0);
  expect(cloudy.pvAt(at(13, 30))).toBeCloseTo(4000 * CLOUDY_SHARE, 0);
});

test("the night slot charges from the grid up to its SoC, then holds (no discharge) until 06:00", () => {
  const i = new GxInstallation({ capacityWh: 10_000, socPct: 50, maxChargeW: 3000, houseW: () => 500 });
  const first = i.step(at(22, 30), ESS(night(80, 0)));
  expect(i.mode).toBe("scheduled-charge");
  expect(first["system/0/Dc/Battery/Power"]).toBe(3000);
  expect(first["system/0/Ac/Grid/L1/Power"]).toBe(3500); // house + charge, no sun
  const later = run(i, at(22, 30), 120, ESS(night(80, 0))); // 3 kW for 2 h = 6 kWh: 50 % → 80 % reached
  expect(i.socPct).toBeGreaterThanOrEqual(80);
  expect(i.socPct).toBeLessThan(81);
  expect(i.mode).toBe("scheduled-hold");
  expect(later["system/0/Dc/Battery/Power"]).toBe(0);
  expect(later["system/0/Ac/Grid/L1/Power"]).toBe(500);
  expect(activeChargeSlot(at(5, 59), ESS(night(80, 0)))?.slot).toBe(0); // past midnight, still the slot
  expect(activeChargeSlot(at(6, 1), ESS(night(80, 0)))).toBeNull();
});

test("outside the slot the battery feeds the house down to its floor; BatteryLife on keeps a margin above it", () => {
  // A cloudy morning (1 kW of PV at most) under a 2 kW house: the battery makes up the difference.
  const off = new GxInstallation({ socPct: 45, sky: "cloudy", pvPeakW: 4000, houseW: () => 2000 });
  run(off, at(6, 30), 300, ESS()); // BatteryLife off (10): floor = MinimumSocLimit 30 %
  expect(off.mode).toBe("floor-hold");
  expect(off.socPct).toBeGreaterThanOrEqual(29);
  expect(off.socPct).toBeLessThanOrEqual(30.2);
  const on = new GxInstallation({ socPct: 45, sky: "cloudy", pvPeakW: 4000, houseW: () => 2000 });
  run(on, at(6, 30), 300, ESS({ "BatteryLife/State": 2 }));
  expect(on.mode).toBe("floor-hold");
  expect(on.socPct).toBeGreaterThanOrEqual(30 + BATTERYLIFE_MARGIN_PCT - 1);
});

test("a sunny mid-day charges the battery with the surplus and exports the rest once it is full", () => {
  const i = new GxInstallation({ socPct: 98, capacityWh: 10_000, pvPeakW: 4000, houseW: () => 500 });
  const first = i.step(at(13, 30), ESS());
  expect(first["system/0/Dc/Battery/Power"]).toBe(3000); // capped by the charger; the last 500 W go out
  expect(first["system/0/Ac/Grid/L1/Power"]).toBe(-500);
  const full = run(i, at(13, 30), 30, ESS());
  expect(i.socPct).toBe(100);
  expect(full["system/0/Ac/Grid/L1/Power"]).toBeLessThan(-3000); // everything the house does not take is exported
});
