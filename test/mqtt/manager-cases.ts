// The energy manager's Home Assistant entities on a real Device over the in-memory broker link, shared by jest
// (test/mqtt/codec.test.ts) and the XS lane (test/xs/mqtt.xs.ts): discovery, values and each command's outcome.
import type { Settings } from "../../src/app/types";
import { startBridgedBox, type BoxLoad } from "./cases";
import { haProblems, parseConfigTopic } from "./ha-rules";

/** A water heater with a tank probe and a heat pump without one (its target is then refused, as by the API). */
export const MANAGED_LOADS: readonly BoxLoad[] = Object.freeze([
  { id: "ballon", name: "Ballon", kind: "water-heater", nominalPowerW: 2400, probe: true },
  { id: "pac", name: "PAC", kind: "sg-ready", nominalPowerW: 3000 },
]);

const BASE = "delesteur/0a0b0c0d0e0f";

/** Step by step, what Home Assistant holds (retained topics) and what `result` answered. */
export function runManagedBridge(): string[] {
  // The settings as saved (the persist facts every observer hears): a target from HA must land there.
  let savedTargets = "none saved";
  const { device, network } = startBridgedBox("2026-01-14T09:00:00+01:00", (d) => void d.subscribe((u) => {
    for (const f of u.facts) {
      if (f.type === "persist" && f.key === "settings") savedTargets = JSON.stringify((f.value as Settings).loads.map((l) => (l.kind === "water-heater" ? l.targetTemperatureC : null)));
    }
  }), MANAGED_LOADS);
  const session = network.sessions[0];
  const last = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const m of session.published) out[m.topic] = m.payload;
    return out;
  };
  const out: string[] = [];
  const show = (step: string, ...topics: string[]): void => {
    const l = last();
    out.push(`${step}: ${topics.map((t) => `${t}=${l[`${BASE}/${t}`]}`).join(" ")}`);
  };
  const send = (topic: string, payload: string): void => {
    const before = session.published.length;
    session.deliver(`${BASE}/${topic}/set`, payload);
    const results = session.published.slice(before).filter((m) => m.topic === `${BASE}/result`);
    const r = results.length > 0 ? (JSON.parse(results[results.length - 1].payload) as Record<string, unknown>) : {};
    out.push(`${topic} ${payload}: ${r.ok === true ? "ok" : `refused ${String(r.field ?? r.refused)}: ${String(r.error ?? r.text_en)}`}`);
  };

  const configs = last();
  const problems: string[] = [];
  const objects: string[] = [];
  for (const topic in configs) {
    const parsed = parseConfigTopic("homeassistant", topic);
    if (!parsed || configs[topic] === "") continue;
    const config = JSON.parse(configs[topic]) as Record<string, unknown>;
    problems.push(...haProblems({ ...parsed, config }));
    if (/^load_(ballon|pac)_(tank|target|boost|legionella|sg_)/.test(parsed.object)) objects.push(`${parsed.component}/${parsed.object}`);
  }
  out.push(`problems: ${problems.join(", ")}`);
  out.push(`entities: ${objects.sort().join(" ")}`);
  const tank = JSON.parse(configs[`homeassistant/sensor/delesteur_0a0b0c0d0e0f/load_ballon_tank_temperature/config`]) as Record<string, unknown>;
  out.push(`tank sensor: ${tank.device_class} ${tank.unit_of_measurement} ${tank.availability_mode} ${JSON.stringify(tank.availability)}`);

  show("no reading yet", "load/ballon/tank_temperature/availability", "load/ballon/target_temperature", "load/ballon/boost", "load/ballon/boost_until", "load/ballon/legionella", "load/ballon/legionella_last");
  device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 52.5 });
  show("probe reads 52.5", "load/ballon/tank_temperature/availability", "load/ballon/tank_temperature");
  send("load/ballon/boost", "ON");
  show("boost", "load/ballon/boost", "load/ballon/boost_until");
  send("load/ballon/boost_minutes", "30");
  send("load/ballon/boost", "ON");
  show("boost again, 30 min", "load/ballon/boost_minutes", "load/ballon/boost_until");
  send("load/ballon/boost", "OFF");
  show("boost off", "load/ballon/boost", "load/ballon/boost_until");
  send("load/ballon/target_temperature", "90");
  show("after the refusal", "load/ballon/target_temperature");
  send("load/ballon/target_temperature", "60.5");
  send("load/ballon/target_temperature", "60");
  show("target 60", "load/ballon/target_temperature");
  out.push(`saved targets: ${savedTargets}`);
  send("load/pac/target_temperature", "50");
  send("load/ballon/sg_mode", "lock");
  send("load/pac/boost", "ON");
  show("heat pump", "load/pac/sg_state", "load/pac/sg_mode");
  send("load/pac/sg_mode", "lock");
  show("heat pump locked", "load/pac/sg_state", "load/pac/sg_mode", "load/pac/override");
  send("load/nope/boost", "ON");
  device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: null });
  show("probe failed", "load/ballon/tank_temperature/availability", "load/ballon/tank_temperature");
  const state = JSON.parse(last()[`${BASE}/state`]) as { tanks: unknown[] };
  out.push(`state tanks: ${JSON.stringify(state.tanks)}`);
  return out;
}

/** The box started at 09:00:00.001 (startBridgedBox's first tick), hence the boosts' ends. */
export const MANAGED_EXPECTED: readonly string[] = Object.freeze([
  "problems: ",
  "entities: binary_sensor/load_ballon_legionella number/load_ballon_boost_minutes number/load_ballon_target_temperature select/load_pac_sg_mode " +
    "sensor/load_ballon_boost_until sensor/load_ballon_legionella_last sensor/load_ballon_tank_temperature sensor/load_pac_sg_state switch/load_ballon_boost",
  `tank sensor: temperature °C all [{"topic":"${BASE}/status"},{"topic":"${BASE}/load/ballon/tank_temperature/availability"}]`,
  "no reading yet: load/ballon/tank_temperature/availability=offline load/ballon/target_temperature=55 load/ballon/boost=OFF load/ballon/boost_until=None load/ballon/legionella=OFF load/ballon/legionella_last=None",
  "probe reads 52.5: load/ballon/tank_temperature/availability=online load/ballon/tank_temperature=52.5",
  "load/ballon/boost ON: ok",
  "boost: load/ballon/boost=ON load/ballon/boost_until=2026-01-14T10:00:00.001+01:00",
  "load/ballon/boost_minutes 30: ok",
  "load/ballon/boost ON: ok",
  "boost again, 30 min: load/ballon/boost_minutes=30 load/ballon/boost_until=2026-01-14T09:30:00.001+01:00",
  "load/ballon/boost OFF: ok",
  "boost off: load/ballon/boost=OFF load/ballon/boost_until=None",
  "load/ballon/target_temperature 90: refused targetTemperatureC: targetTemperatureC: must be an integer between 40 and 75 °C, got 90",
  "after the refusal: load/ballon/target_temperature=55",
  "load/ballon/target_temperature 60.5: refused targetTemperatureC: targetTemperatureC: must be an integer between 40 and 75 °C, got 60.5",
  "load/ballon/target_temperature 60: ok",
  "target 60: load/ballon/target_temperature=60",
  "saved targets: [60,null]",
  "load/pac/target_temperature 50: refused targetTemperatureC: targetTemperatureC: this heat pump has no probe: the box cannot hold a temperature (set probe in its settings first)",
  "load/ballon/sg_mode lock: refused id: id: ballon is a water-heater load, not sg-ready",
  "load/pac/boost ON: refused id: id: pac is a sg-ready load, not water-heater",
  "heat pump: load/pac/sg_state=normal load/pac/sg_mode=auto",
  "load/pac/sg_mode lock: ok",
  "heat pump locked: load/pac/sg_state=lock load/pac/sg_mode=lock load/pac/override=off",
  "load/nope/boost ON: refused unknown load: unknown load",
  "probe failed: load/ballon/tank_temperature/availability=offline load/ballon/tank_temperature=52.5",
  'state tanks: [{"id":"ballon","temperatureC":null,"boostUntilMs":null,"legionellaRunning":false,"legionellaDoneMs":null,"want":"wait"}]',
]);
