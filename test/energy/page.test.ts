// The energy page and API on a real Device fed real TIC bytes by a simulated Linky through a red morning: figures equal
// the meter's own index steps, shed energy the loads' power × time, pages French first and English complete.
import { LoadDraw } from "../../host-sim/meter/load-draw";
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import { utf8Encode } from "../../lib/bytes";
import { OwnerAuth } from "../../src/auth/owner-auth";
import { bodyText } from "../../src/net/text-response";
import { periodAt } from "../../src/tariff/tempo-calendar";
import { deviceWebBox } from "../../src/web/box";
import { routeWebRequest, type WebContext, type WebResponse } from "../../src/web/routes";
import { virtualBox } from "../device/virtual-box";
import { testRandom, WEB_LOADS } from "../web/web-fixture";

const MIN = 60_000;

function redMorning() {
  let handler: ((chunk: Uint8Array) => void) | undefined;
  const { device, time, store, core } = virtualBox({
    atIso: "2026-01-13T04:00:00+01:00",
    defaultLoads: WEB_LOADS,
    parts: () => ({ meter: { onBytes: (h) => void (handler = h), close: () => undefined } }),
  });
  const meter = new SimulatedMeter({ mode: "historic", contract: "tempo", phases: 1, subscribedKVA: 9 }, { atMs: time.nowMs(), colour: "red", powerVA: 600 });
  const draw = new LoadDraw();
  device.subscribe((u) => {
    for (const f of u.facts) if (f.type === "load") draw.apply(f);
  });
  device.start();
  const startIdx = [1, 2, 3, 4, 5, 6].map((i) => meter.indexValueWh(i));
  // Each minute: the meter counts what was drawn since the last frame, then the box reads it.
  let shedWhByHand = 0;
  const endMs = time.nowMs() + 8 * 60 * MIN;
  for (let t = time.nowMs(); t <= endMs; ) {
    meter.setState({ colour: "red", tomorrow: "red", period: periodAt(t), powerVA: 600 + draw.totalW(), atMs: t });
    handler?.(meter.frame());
    const snapshot = device.snapshot();
    for (const load of snapshot?.loads ?? []) if (load.reason === "red_peak" && load.level === "off") shedWhByHand += load.nominalPowerW / 60;
    time.advance(MIN);
    t = time.nowMs();
  }
  const endIdx = [1, 2, 3, 4, 5, 6].map((i) => meter.indexValueWh(i));
  const box = deviceWebBox(device, time, core.settings);
  const auth = new OwnerAuth({ store, clock: time, random: testRandom(), yieldFn: () => Promise.resolve() });
  const context: WebContext = { box, auth };
  const get = (path: string, query: Record<string, string> = {}): WebResponse & { text: string } => {
    const r = routeWebRequest({ method: "GET", path, query, headers: { host: "192.168.1.20" }, body: utf8Encode("") }, context) as WebResponse;
    return { ...r, text: bodyText(r.body) };
  };
  return { get, startIdx, endIdx, shedWhByHand };
}

describe("energy page and API on a red morning", () => {
  const run = redMorning();

  it("GET /api/energy: today's cells are the meter's own index steps since 06:00; shed energy is the shed loads' power × time", () => {
    const r = run.get("/api/energy");
    expect(r.status).toBe(200);
    const energy = JSON.parse(r.text).energy;
    const today = energy.periods.today;
    // The red day began at 06:00: its HP is every step of the red HP register; the night before is yesterday's.
    expect(today.wh.redHp).toBe(run.endIdx[5] - run.startIdx[5]);
    expect(energy.periods.yesterday.wh.redHc + today.wh.redHc).toBe(run.endIdx[4] - run.startIdx[4]);
    expect(today.shedWh.redHp).toBeGreaterThan(0);
    expect(Math.abs(today.shedWh.redHp - run.shedWhByHand)).toBeLessThanOrEqual((2000 + 2400) / 60);
    expect(today.savingsEur).toBeCloseTo((today.shedWh.redHp / 1000) * (0.7295 - 0.1615), 1);
    expect(today.costEur).toBeCloseTo(today.energyEur + today.subscriptionEur, 2);
    expect(energy.savingsAreEstimate).toBe(true);
    // Set up mid-season (at 04:00, still the Tempo day of 12 January): the subscription counts from that day, not 1 September.
    expect(energy.periods.season.since).toBe("2026-01-12");
    expect(energy.periods.season.subscriptionEur).toBeCloseTo((238.06 * 2) / 365, 2);
  });

  it("GET /api/history: 5-minute slots with the limit and red-peak bands, the day strip, decisions as codes", () => {
    const history = JSON.parse(run.get("/api/history").text).history;
    expect(history.slotMs).toBe(300_000);
    expect(history.power.length).toBeGreaterThanOrEqual(95); // 8 h of 5-minute slots
    expect(history.power.some((s: { shed: string[]; colour: string; period: string }) => s.shed.includes("red_peak") && s.colour === "red" && s.period === "hp")).toBe(true);
    expect(history.days[history.days.length - 1]).toEqual({ date: "2026-01-13", colour: "red", shed: true });
    expect(history.decisions.some((d: { reason: string; level: string }) => d.reason === "red_peak" && d.level === "off")).toBe(true);
    expect(history.bytes).toEqual({ power: 3456, decisions: 3800, days: 48 });
  });

  it("the page is French first, English complete: figures, chart, strip and reasons per language", () => {
    const fr = run.get("/energy").text;
    const en = run.get("/energy", { lang: "en" }).text;
    expect(fr).toContain("Énergie, coût et économies");
    expect(fr).toContain("jour rouge, heures pleines");
    expect(fr).toContain("Économies (estimation)");
    expect(fr).toMatch(/id="power-chart"/);
    expect(fr).toMatch(/id="day-strip"/);
    expect(en).toContain("Energy, cost and savings");
    expect(en).toContain("red day, peak hours");
    for (const word of ["red_peak", "undefined", "NaN", "peak hours"]) expect(fr).not.toContain(word);
    for (const word of ["heures pleines", "Économies", "Aujourd"]) expect(en).not.toContain(word);
    expect(run.get("/").text).toContain('href="/energy?lang=fr"');
  });
});
