// Where the surplus comes from: SINSTI, EAIT's rise, the GX's grid, the owner's topic and its sign, the battery's
// charge above the SoC threshold, stale measures, off-grid.
import { INITIAL_SOURCE, onGx, onMeterFrame, onTopic, routable, SURPLUS_STALE_MS } from "../../src/surplus/source";

const T = 1_781_690_000_000;
const on = { offGrid: false, routeSocPct: 80, nowMs: T };

test("SINSTI: injected minus drawn", () => {
  expect(routable(onMeterFrame(INITIAL_SOURCE, 1800, 0, undefined, T), on).routableW).toBe(1800);
  expect(routable(onMeterFrame(INITIAL_SOURCE, 0, 650, undefined, T), on).routableW).toBe(-650);
});

test("EAIT only: a power from its rise over at least 30 s, never from a shorter span", () => {
  let s = onMeterFrame(INITIAL_SOURCE, undefined, 0, 10_000, T);
  s = onMeterFrame(s, undefined, 0, 10_010, T + 10_000);
  expect(routable(s, { ...on, nowMs: T + 10_000 }).routableW).toBeNull();
  s = onMeterFrame(s, undefined, 0, 10_020, T + 36_000);
  // 20 Wh in 36 s = 2000 W.
  expect(routable(s, { ...on, nowMs: T + 36_000 }).routableW).toBe(2000);
});

test("the GX's grid power (> 0 importing) and the topic's sign", () => {
  expect(routable(onGx(INITIAL_SOURCE, { gridW: -1500, socPct: null, batteryW: null, pvW: 2000 }, true, T), on).routableW).toBe(1500);
  expect(routable(onTopic(INITIAL_SOURCE, 700, "export-positive", T), on).routableW).toBe(700);
  expect(routable(onTopic(INITIAL_SOURCE, 700, "import-positive", T), on).routableW).toBe(-700);
});

test("a battery: its charge counts above the SoC threshold only, its discharge always", () => {
  const gx = (socPct: number, batteryW: number) => routable(onGx(INITIAL_SOURCE, { gridW: 0, socPct, batteryW, pvW: 3000 }, true, T), on);
  expect(gx(85, 2500)).toMatchObject({ routableW: 2500, numbers: { socPct: 85, batteryW: 2500, routeSocPct: 80 } });
  expect(gx(60, 2500).routableW).toBe(0);
  expect(gx(90, -800).routableW).toBe(-800);
  expect(gx(60, -800).routableW).toBe(-800);
});

test("stale measures are unknown, never 0", () => {
  const s = onMeterFrame(INITIAL_SOURCE, 1800, 0, undefined, T);
  expect(routable(s, { ...on, nowMs: T + SURPLUS_STALE_MS + 1 })).toMatchObject({ routableW: null, detail: "no recent export measure" });
});

test("off-grid: no export, the battery alone; full at 98 %", () => {
  const s = onGx(INITIAL_SOURCE, { gridW: null, socPct: 99, batteryW: 100, pvW: 900 }, false, T);
  expect(routable(s, { offGrid: true, routeSocPct: 90, nowMs: T })).toMatchObject({ routableW: 100, full: true });
  expect(routable(INITIAL_SOURCE, { offGrid: true, routeSocPct: 90, nowMs: T }).routableW).toBeNull();
});
