// A water heater and a heat pump in Home Assistant, against a real mosquitto on loopback: discovery HA accepts, the
// probe's reading and availability, target, boost and SG-Ready mode commands through the real Device, a deleted load gone.
import { nodeTimers } from "../../hal/node/clock";
import { nodeMqtt } from "../../hal/node/mqtt";
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import type { Settings } from "../../src/app/types";
import { MqttBridge } from "../../src/mqtt/bridge";
import { mqttConfigOf } from "../../src/mqtt/config";
import { formatLocalIso, parseIsoWithOffset } from "../../src/tariff/local-time";
import { virtualBox } from "../device/virtual-box";
import { until as pollUntil } from "../support/until";
import { Broker, freePort, mosquittoPath } from "./broker";
import { FakeHa } from "./fake-ha";
import { haProblems, parseConfigTopic } from "./ha-rules";

const LOADS = Object.freeze([
  { id: "ballon", name: "Ballon", kind: "water-heater", nominalPowerW: 2400, probe: true, heatIn: "any" },
  { id: "pac", name: "PAC", kind: "sg-ready", nominalPowerW: 3000, probe: true },
]);
const AT = "2026-01-14T09:00:00+01:00"; // a blue Wednesday, 9 h: peak hours (nothing locks the heat pump)
const BOX_ID = "c0ffee000014";
const BASE = `delesteur/${BOX_ID}`;
const NODE = `delesteur_${BOX_ID}`;
/** Each wait is bounded: a bridge that never publishes fails the test in seconds, not at jest's timeout. */
const WAIT_MS = 8_000;

jest.setTimeout(60_000);

const until = <T>(what: string, probe: () => T | undefined | false): Promise<T> => pollUntil(what, probe, WAIT_MS);

function managedBox(port: number) {
  let feed: ((chunk: Uint8Array) => void) | undefined;
  const coils: Record<string, boolean[][]> = { ballon: [], pac: [] };
  const contacts = (id: string, n: number) => {
    const now = new Array<boolean>(n).fill(false);
    return new Array(n).fill(0).map((_, i) => ({ write: (on: boolean) => { now[i] = on; coils[id].push(now.slice()); } }));
  };
  const box = virtualBox({
    atIso: AT,
    defaultLoads: LOADS,
    parts: () => ({
      meter: { onBytes: (h) => void (feed = h), close: () => undefined },
      loads: { ballon: { kind: "water-heater", outputs: contacts("ballon", 1) }, pac: { kind: "sg-ready", outputs: contacts("pac", 2) } },
    }),
  });
  box.device.start();
  const meter = new SimulatedMeter({ mode: "historic", contract: "tempo", phases: 1, subscribedKVA: 9 }, { colour: "blue", period: "hp", tomorrow: "blue", powerVA: 900, atMs: parseIsoWithOffset(AT) });
  const bridge = new MqttBridge({
    device: box.device, network: nodeMqtt, timers: nodeTimers, clock: box.time, logger: { log: () => undefined },
    settings: box.core.settings, boxId: BOX_ID, info: { name: "Délesteur", model: "test", swVersion: "0.1.0" },
    configOf: (s: Settings) => mqttConfigOf({ ...s, mqttEnabled: true, mqttUrl: `mqtt://127.0.0.1:${port}` }),
  });
  return { ...box, coils, bridge, frame: () => feed?.(meter.frame()) };
}

const describeBroker = mosquittoPath() !== undefined ? describe : describe.skip;

describeBroker("water heater and heat pump in Home Assistant, against a real mosquitto", () => {
  let broker: Broker;
  let ha: FakeHa | undefined;
  let bridge: MqttBridge | undefined;
  beforeEach(async () => {
    broker = new Broker(await freePort());
    await broker.start();
  });
  afterEach(async () => {
    bridge?.stop();
    await ha?.close();
    await broker.dispose();
  });

  test("discovery HA accepts, the tank's reading and availability, target / boost / SG-Ready mode from HA, refusals naming their field", async () => {
    ha = await FakeHa.connect(broker.port, BASE);
    const box = managedBox(broker.port);
    bridge = box.bridge;
    bridge.start();
    box.frame();
    const h = ha;
    const last = (path: string): string | undefined => h.last.get(`${BASE}/${path}`);
    const configs = await until("the manager's configs", () => {
      const c = h.configs();
      return c.has(`homeassistant/switch/${NODE}/load_ballon_boost/config`) && c.has(`homeassistant/number/${NODE}/load_pac_target_temperature/config`) ? c : undefined;
    });
    const problems: string[] = [];
    for (const [topic, config] of configs) problems.push(...haProblems({ ...parseConfigTopic("homeassistant", topic)!, config }));
    expect(problems).toEqual([]);
    expect(configs.get(`homeassistant/number/${NODE}/load_ballon_target_temperature/config`)).toMatchObject({ min: 40, max: 75, unit_of_measurement: "°C", command_topic: `${BASE}/load/ballon/target_temperature/set` });
    expect(configs.get(`homeassistant/number/${NODE}/load_pac_target_temperature/config`)).toMatchObject({ min: 20, max: 65 });
    expect(configs.get(`homeassistant/sensor/${NODE}/load_pac_sg_state/config`)).toMatchObject({ device_class: "enum", options: ["lock", "normal", "recommended", "forced"] });
    expect(configs.get(`homeassistant/sensor/${NODE}/load_ballon_tank_temperature/config`)).toMatchObject({ device_class: "temperature", availability_mode: "all" });

    // No reading yet: the tank's temperature is unavailable in HA, not a figure.
    await until("tank unavailable", () => last("load/ballon/tank_temperature/availability") === "offline");
    box.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 47.5 });
    await until("tank 47.5", () => last("load/ballon/tank_temperature") === "47.5" && last("load/ballon/tank_temperature/availability") === "online");

    // Target: 62 is saved as a setting; 80 is refused with its field and HA's number snaps back.
    ha.publish(`${BASE}/load/ballon/target_temperature/set`, "62");
    await until("target 62", () => last("load/ballon/target_temperature") === "62");
    ha.publish(`${BASE}/load/ballon/target_temperature/set`, "80");
    const refusal = await until("refusal", () => ha!.results().find((r) => r.ok === false));
    expect(refusal).toMatchObject({ topic: `${BASE}/load/ballon/target_temperature/set`, field: "targetTemperatureC", error: "targetTemperatureC: must be an integer between 40 and 75 °C, got 80" });
    expect(last("load/ballon/target_temperature")).toBe("62");

    // Boost: the duration HA keeps retained, then the switch; its end shown as a timestamp.
    ha.publish(`${BASE}/load/ballon/boost_minutes/set`, "45", true);
    await until("45 min", () => last("load/ballon/boost_minutes") === "45");
    ha.publish(`${BASE}/load/ballon/boost/set`, "ON");
    await until("boost on", () => last("load/ballon/boost") === "ON" && (last("load/ballon/boost_until") ?? "None") !== "None");
    expect(last("load/ballon/boost_until")).toBe(formatLocalIso(box.time.nowMs() + 45 * 60_000));
    expect(box.device.snapshot()!.manager.tanks[0].boostUntilMs).toBe(box.time.nowMs() + 45 * 60_000);
    ha.publish(`${BASE}/load/ballon/boost/set`, "OFF");
    await until("boost off", () => last("load/ballon/boost") === "OFF" && last("load/ballon/boost_until") === "None");

    // SG-Ready: forced from HA is state 4, both contacts energised; back to auto.
    expect(last("load/pac/sg_state")).toBe("normal");
    ha.publish(`${BASE}/load/pac/sg_mode/set`, "forced");
    await until("forced", () => last("load/pac/sg_state") === "forced" && last("load/pac/sg_mode") === "forced");
    expect(box.coils.pac[box.coils.pac.length - 1]).toEqual([true, true]);
    ha.publish(`${BASE}/load/pac/sg_mode/set`, "recommended");
    await until("a refusal of the mode", () => ha!.results().find((r) => r.topic === `${BASE}/load/pac/sg_mode/set` && r.ok === false));
    expect(ha.results().filter((r) => r.topic === `${BASE}/load/pac/sg_mode/set` && r.ok === false)[0]).toMatchObject({ error: "mode must be auto, lock (SG-Ready 1) or forced (SG-Ready 4)" });
  });

  test("a water heater deleted from the settings leaves Home Assistant, its availability topic with it", async () => {
    ha = await FakeHa.connect(broker.port, BASE);
    const box = managedBox(broker.port);
    bridge = box.bridge;
    bridge.start();
    box.frame();
    const topic = `homeassistant/switch/${NODE}/load_ballon_boost/config`;
    await until("ballon discovered", () => ha!.configs().has(topic) && ha!.last.get(`${BASE}/load/ballon/tank_temperature/availability`) === "offline");
    const outcome = box.device.command({ type: "settings", patch: { loads: box.core.settings.loads.filter((l) => l.id !== "ballon") } });
    expect(outcome.refused).toBeUndefined();
    await until("ballon removed", () => ha!.last.get(topic) === "" && ha!.last.get(`${BASE}/load/ballon/tank_temperature/availability`) === "");
    expect(ha.configs().has(`homeassistant/select/${NODE}/load_pac_sg_mode/config`)).toBe(true);
  });
});

if (mosquittoPath() === undefined) test.skip("mosquitto missing: run scripts/system-deps.sh", () => undefined);
