// The MQTT bridge against a real mosquitto on loopback, with a test client playing Home Assistant: discovery checked
// field by field, commands round-tripped through the real Device, broker restarts and a broker down at boot.
import { nodeTimers } from "../../hal/node/clock";
import { nodeMqtt } from "../../hal/node/mqtt";
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { MqttBridge } from "../../src/mqtt/bridge";
import { mqttConfigOf } from "../../src/mqtt/config";
import type { Settings } from "../../src/app/types";
import { virtualBox } from "../device/virtual-box";
import { Broker, freePort, mosquittoPath } from "./broker";
import { haProblems, parseConfigTopic } from "./ha-rules";
import { FakeHa } from "./fake-ha";
import { until as pollUntil } from "../support/until";

const LOADS = Object.freeze([
  { id: "salon", name: "Salon", kind: "fil-pilote-1", priority: 2, nominalPowerW: 2000 },
  { id: "ballon", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 },
]);
const AT = "2026-01-14T09:00:00+01:00"; // a Wednesday, 9 h: peak hours
const BOX_ID = "a1b2c3d4e5f6";
const BASE = `delesteur/${BOX_ID}`;
const NODE = `delesteur_${BOX_ID}`;
/** Each wait is bounded: a bridge that never publishes fails the test in seconds, not at jest's timeout. */
const WAIT_MS = 8_000;

jest.setTimeout(60_000);

const until = <T>(what: string, probe: () => T | undefined | false, timeoutMs = WAIT_MS): Promise<T> => pollUntil(what, probe, timeoutMs);

function makeBox(port: number) {
  let feed: ((chunk: Uint8Array) => void) | undefined;
  const coils: Record<string, boolean[]> = { salon: [], ballon: [] };
  const box = virtualBox({
    atIso: AT,
    defaultLoads: LOADS,
    parts: () => ({
      meter: { onBytes: (h) => void (feed = h), close: () => undefined },
      loads: {
        salon: { kind: "fil-pilote-1", outputs: [{ write: (on) => void coils.salon.push(on) }] },
        ballon: { kind: "relay", outputs: [{ write: (on) => void coils.ballon.push(on) }] },
      },
    }),
  });
  box.device.start();
  const meter = new SimulatedMeter({ mode: "historic", contract: "tempo", phases: 1, subscribedKVA: 9 }, { colour: "red", period: "hp", tomorrow: "white", powerVA: 1800, atMs: parseIsoWithOffset(AT) });
  const logs: string[] = [];
  const bridge = new MqttBridge({
    device: box.device,
    network: nodeMqtt,
    timers: nodeTimers,
    clock: box.time,
    logger: { log: (level, message, fields) => void logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) },
    settings: box.core.settings,
    boxId: BOX_ID,
    info: { name: "Délesteur", model: "test", swVersion: "0.1.0" },
    // The settings path itself, with the broker the owner would type.
    configOf: (s: Settings) => mqttConfigOf({ ...s, mqttEnabled: true, mqttUrl: `mqtt://127.0.0.1:${port}` }),
  });
  return {
    ...box,
    coils,
    bridge,
    logs,
    meter,
    frame: () => feed?.(meter.frame()),
    /** Virtual seconds pass with a frame each (the meter keeps talking; anti-chatter's minimum off time runs out). */
    run: (seconds: number) => {
      for (let i = 0; i < seconds; i++) {
        box.time.advance(1000);
        meter.setState({ atMs: box.time.nowMs() });
        feed?.(meter.frame());
      }
    },
  };
}

const haveMosquitto = mosquittoPath() !== undefined;
const describeBroker = haveMosquitto ? describe : describe.skip;

describeBroker("MQTT bridge against a real mosquitto", () => {
  let broker: Broker;
  let ha: FakeHa | undefined;
  let bridge: MqttBridge | undefined;

  beforeEach(async () => {
    broker = new Broker(await freePort());
    ha = undefined;
    bridge = undefined;
  });
  afterEach(async () => {
    bridge?.stop();
    await ha?.close();
    await broker.dispose();
  });

  /** The broker up, "Home Assistant" connected to it, and a box whose bridge has started. */
  async function startedBox(): Promise<{ box: ReturnType<typeof makeBox>; ha: FakeHa }> {
    await broker.start();
    ha = await FakeHa.connect(broker.port, BASE);
    const box = makeBox(broker.port);
    bridge = box.bridge;
    bridge.start();
    return { box, ha };
  }

  test("discovery: every entity valid for Home Assistant, one device, unique ids, Tempo indexes from the first frame", async () => {
    const { box, ha } = await startedBox();
    await until("online", () => ha!.last.get(`${BASE}/status`) === "online");
    box.frame();
    await until("the red HP index", () => ha!.last.get(`${BASE}/index/bbrhpjr`));
    const configs = await until("all configs", () => {
      const c = ha!.configs();
      return c.size >= 9 + 6 + 1 + 14 ? c : undefined;
    });
    const uniqueIds = new Set<string>();
    const problems: string[] = [];
    for (const [topic, config] of configs) {
      const parsed = parseConfigTopic("homeassistant", topic);
      expect(parsed).toBeDefined();
      expect(parsed!.node).toBe(NODE);
      problems.push(...haProblems({ ...parsed!, config }));
      const uid = String(config.unique_id);
      expect(uniqueIds.has(uid)).toBe(false);
      uniqueIds.add(uid);
      expect(config.availability_topic).toBe(`${BASE}/status`);
      expect((config.device as { identifiers: string[] }).identifiers).toEqual([NODE]);
      // Every entity's state is there, retained, for HA to read at once.
      expect(ha!.last.has(String(config.state_topic))).toBe(true);
    }
    expect(problems).toEqual([]);
    // The six Tempo counters, energy in Wh, total_increasing: the Energy dashboard takes them on day one.
    for (const label of ["bbrhcjb", "bbrhpjb", "bbrhcjw", "bbrhpjw", "bbrhcjr", "bbrhpjr"]) {
      const config = configs.get(`homeassistant/sensor/${NODE}/index_${label}/config`)!;
      expect(config).toMatchObject({ device_class: "energy", unit_of_measurement: "Wh", state_class: "total_increasing" });
      expect(Number(ha!.last.get(`${BASE}/index/${label}`))).toBe(box.meter.indexValueWh(["bbrhcjb", "bbrhpjb", "bbrhcjw", "bbrhpjw", "bbrhcjr", "bbrhpjr"].indexOf(label) + 1));
    }
    expect(ha!.last.get(`${BASE}/today_colour`)).toBe("red");
    expect(ha!.last.get(`${BASE}/tomorrow_colour`)).toBe("white");
    expect(ha!.last.get(`${BASE}/period`)).toBe("HP");
    expect(ha!.last.get(`${BASE}/power_va`)).toBe("1800");
    expect(ha!.last.get(`${BASE}/load/salon/reason`)).toBe("red_peak");
    expect(JSON.parse(ha!.last.get(`${BASE}/load/salon/reason/attributes`)!)).toMatchObject({ text_fr: "jour rouge, heures pleines" });
    const state = JSON.parse(ha!.last.get(`${BASE}/state`)!) as { tariff: { today: string }; loads: unknown[] };
    expect(state.tariff.today).toBe("red");
    expect(state.loads).toHaveLength(2);
    // Retained: a Home Assistant that connects later gets the same.
    const late = await FakeHa.connect(broker.port, BASE);
    try {
      await until("retained configs for a late client", () => late.configs().size === configs.size);
    } finally {
      await late.close();
    }
  });

  test("commands: an override from HA drives the output and comes back as state; HEAT on a red peak is refused with why", async () => {
    const { box, ha } = await startedBox();
    box.frame();
    await until("salon shed", () => ha!.last.get(`${BASE}/load/salon/state`) === "OFF");
    box.run(61); // past the shed load's minimum off time
    // One pilot wire through a relay and a diode: coil energised = shed order, released = comfort (runs).
    expect(box.coils.salon[box.coils.salon.length - 1]).toBe(true);
    const writes = box.coils.salon.length;
    ha.publish(`${BASE}/load/salon/override/set`, "on");
    // State, reason and override are separate retained messages: wait for the last of them, then check them all.
    await until("salon on", () => ha!.last.get(`${BASE}/load/salon/state`) === "ON" && ha!.last.get(`${BASE}/load/salon/override`) === "on");
    expect(box.coils.salon.slice(writes)).toContain(false);
    expect(box.coils.salon[box.coils.salon.length - 1]).toBe(false);
    expect(box.device.snapshot()!.loads.find((l) => l.id === "salon")!.override).toBe("on");
    expect(ha.last.get(`${BASE}/load/salon/reason`)).toBe("forced_on");

    // An override duration set from HA (retained) bounds the next override.
    ha.publish(`${BASE}/load/ballon/override_minutes/set`, "30", true);
    await until("duration shown", () => ha!.last.get(`${BASE}/load/ballon/override_minutes`) === "30");
    ha.publish(`${BASE}/load/ballon/override/set`, "off");
    await until("ballon forced off", () => ha!.last.get(`${BASE}/load/ballon/override`) === "off");
    const ballon = box.device.snapshot()!.loads.find((l) => l.id === "ballon")!;
    expect(ballon.overrideUntilMs).toBe(box.time.nowMs() + 30 * 60_000);

    ha.publish(`${BASE}/mode/set`, "HEAT");
    const refused = await until("a refusal", () => ha!.results().find((r) => r.ok === false));
    expect(refused).toMatchObject({ topic: `${BASE}/mode/set`, refused: "red_peak", text_fr: "jour rouge, heures pleines" });
    expect(box.device.snapshot()!.mode).toBe("AUTO");
    expect(ha.last.get(`${BASE}/mode`)).toBe("AUTO");

    ha.publish(`${BASE}/load/ballon/priority/set`, "1");
    await until("priority 1", () => ha!.last.get(`${BASE}/load/ballon/priority`) === "1");
    expect(box.device.snapshot()!.loads.find((l) => l.id === "ballon")!.priority).toBe(1);
  });

  test("1,000 malformed command payloads change nothing and each gets a refusal", async () => {
    const { box, ha } = await startedBox();
    box.frame();
    await until("online", () => ha!.last.get(`${BASE}/status`) === "online");
    await until("states", () => ha!.last.get(`${BASE}/load/salon/state`));
    const before = JSON.stringify(box.device.snapshot());
    const topics = [`${BASE}/mode/set`, `${BASE}/load/salon/override/set`, `${BASE}/load/salon/priority/set`, `${BASE}/load/ballon/override_minutes/set`];
    const bad = ["", "heat!", "ON", "99999999", "-1", "1e3", "2.5", "{", '{"override":"on","minutes":-3}', '{"override":"maybe"}', '{"x":1}', "[]", "null", "x".repeat(300), "\u0000\u00ff"];
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 1000; i++) {
      const topic = topics[i % topics.length];
      let payload: Buffer;
      if (i % 3 === 0) payload = Buffer.from(bad[rand() % bad.length]);
      else {
        // Random bytes with a control byte: never a word or number of the command language.
        const bytes = Buffer.alloc(1 + (rand() % 40));
        for (let j = 0; j < bytes.length; j++) bytes[j] = rand() & 0xff;
        bytes[0] = rand() % 8;
        payload = bytes;
      }
      ha.publish(topic, payload);
    }
    await until("1,000 refusals", () => ha!.results().filter((r) => r.ok === false).length >= 1000 || undefined, 20_000);
    expect(ha.results().filter((r) => r.ok === true)).toEqual([]);
    expect(JSON.stringify(box.device.snapshot())).toBe(before);
    expect(box.bridge.status().rejected).toBe(1000);
    expect(box.bridge.status().state).toBe("online");
  });

  test("HA's birth message, a broker restart and a broker down at boot: everything published again, nothing lost", async () => {
    const box = makeBox(broker.port);
    bridge = box.bridge;
    // Broker down at boot: the box runs, counts, and retries.
    bridge.start();
    box.frame();
    await until("waiting", () => bridge!.status().state === "waiting");
    expect(box.device.snapshot()!.loads.find((l) => l.id === "salon")!.reason).toBe("red_peak");
    await broker.start();
    ha = await FakeHa.connect(broker.port, BASE);
    await until("online after the broker came up", () => ha!.last.get(`${BASE}/status`) === "online", 10_000);
    box.frame();
    const full = await until("all configs", () => (ha!.configs().size >= 30 ? ha!.configs().size : undefined));
    await until("index", () => ha!.last.get(`${BASE}/index/bbrhpjr`));

    // HA restarts and announces itself: every config and state goes out again.
    const seen = ha.log.length;
    ha.publish("homeassistant/status", "online");
    await until("configs again", () => ha!.log.slice(seen).filter((m) => m.topic.endsWith("/config")).length >= full);
    expect(ha.log.slice(seen).some((m) => m.topic === `${BASE}/load/salon/reason`)).toBe(true);

    // The broker restarts without persistence: its retained store is empty until the box publishes again.
    await ha.close();
    ha = undefined;
    await broker.stop();
    await until("waiting after the restart", () => bridge!.status().state === "waiting");
    await broker.start();
    await until("online again", () => bridge!.status().state === "online" && bridge!.status().connects >= 2, 10_000);
    box.frame();
    ha = await FakeHa.connect(broker.port, BASE);
    await until("configs restored", () => ha!.configs().size === full);
    await until("states restored", () => ha!.last.get(`${BASE}/load/salon/reason`) === "red_peak" && ha!.last.get(`${BASE}/index/bbrhpjr`));
    expect(ha.last.get(`${BASE}/status`)).toBe("online");
    // A dead broker costs a log line per change of story, not one per retry.
    expect(box.logs.filter((l) => l.startsWith("warn mqtt offline")).length).toBeLessThanOrEqual(4);
  });

  test("a deleted load leaves Home Assistant; a clean stop says offline", async () => {
    const { box, ha } = await startedBox();
    box.frame();
    const topic = `homeassistant/select/${NODE}/load_ballon_override/config`;
    await until("ballon discovered", () => ha!.configs().has(topic));
    const settings = box.core.settings;
    const outcome = box.device.command({ type: "settings", patch: { loads: settings.loads.filter((l) => l.id !== "ballon") } });
    expect(outcome.refused).toBeUndefined();
    await until("ballon removed", () => ha!.last.get(topic) === "");
    expect(ha!.configs().has(`homeassistant/select/${NODE}/load_salon_override/config`)).toBe(true);
    expect(ha!.last.get(`${BASE}/load/ballon/state`)).toBe("");
    box.bridge.stop();
    bridge = undefined;
    await until("offline", () => ha!.last.get(`${BASE}/status`) === "offline");
  });
});

if (!haveMosquitto) test.skip("mosquitto missing: run scripts/system-deps.sh", () => undefined);
