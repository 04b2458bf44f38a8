// The energy figures in Home Assistant: valid discovery (energy in kWh total_increasing, money in EUR total) and the
// values of a bridge on a real Device fed a simulated Linky through a red morning, equal to GET /api/energy's.
import { LoadDraw } from "../../host-sim/meter/load-draw";
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import { energyView } from "../../src/energy/view";
import { ENERGY_ENTITIES } from "../../src/mqtt/entities";
import { periodAt } from "../../src/tariff/tempo-calendar";
import { startBridgedBox } from "../mqtt/cases";
import { haProblems, parseConfigTopic } from "../mqtt/ha-rules";

const MIN = 60_000;

test("the bridge announces the energy entities as Home Assistant wants them and publishes the monitor's figures", () => {
  const draw = new LoadDraw();
  const { time, device, network, feed } = startBridgedBox("2026-01-13T05:00:00+01:00", (d) =>
    d.subscribe((u) => {
      for (const f of u.facts) if (f.type === "load") draw.apply(f);
    }),
  );
  const meter = new SimulatedMeter({ mode: "historic", contract: "tempo", phases: 1, subscribedKVA: 9 }, { atMs: time.nowMs(), colour: "red", powerVA: 800 });
  const endMs = time.nowMs() + 4 * 60 * MIN;
  for (let t = time.nowMs(); t <= endMs; t = time.nowMs()) {
    meter.setState({ colour: "red", tomorrow: "unknown", period: periodAt(t), powerVA: 800 + draw.totalW(), atMs: t });
    feed(meter.frame());
    time.advance(MIN);
  }
  const last: Record<string, string> = {};
  for (const m of network.sessions[0].published) last[m.topic] = m.payload;
  const problems: string[] = [];
  const configs: Record<string, Record<string, unknown>> = {};
  for (const topic in last) {
    const parsed = parseConfigTopic("homeassistant", topic);
    if (!parsed || last[topic] === "") continue;
    const config = JSON.parse(last[topic]) as Record<string, unknown>;
    configs[parsed.object] = config;
    problems.push(...haProblems({ ...parsed, config }));
  }
  expect(problems).toEqual([]);
  for (const e of ENERGY_ENTITIES) expect(configs[e.object]).toBeDefined();
  expect(configs.energy_today_redHp).toMatchObject({ device_class: "energy", unit_of_measurement: "kWh", state_class: "total_increasing" });
  expect(configs.cost_season).toMatchObject({ device_class: "monetary", unit_of_measurement: "EUR", state_class: "total" });
  // The figures are the monitor's (rebuilt at most once a minute: the last frame is within the minute).
  const view = energyView(device.energyMonitor()!);
  const base = "delesteur/0a0b0c0d0e0f";
  expect(Number(last[`${base}/energy/today/redHp`])).toBeCloseTo(view.periods.today.wh.redHp / 1000, 1);
  expect(view.periods.today.wh.redHp).toBeGreaterThan(0);
  expect(Number(last[`${base}/savings/today`])).toBeCloseTo(view.periods.today.savingsEur, 1);
  expect(view.periods.today.savingsEur).toBeGreaterThan(0);
  expect(last[`${base}/red_days_left`]).toBe(String(view.season.redDaysLeft));
});
