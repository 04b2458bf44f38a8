// Several boxes, one home: a follower box drives its loads from a leader box's retained topics on a real mosquitto,
// and goes back to its own policy when the leader says it is offline, falls silent, or the owner takes a load over.
import { connect, type MqttClient } from "mqtt";
import { nodeTimers } from "../../hal/node/clock";
import { nodeMqtt } from "../../hal/node/mqtt";
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import type { Settings } from "../../src/app/types";
import { MqttBridge } from "../../src/mqtt/bridge";
import { mqttConfigOf, type MqttSettingsView } from "../../src/mqtt/config";
import { FOLLOW_HOLD_MS, FOLLOW_SILENCE_MS } from "../../src/mqtt/follow";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { virtualBox } from "../device/virtual-box";
import { renderStatusPage } from "../../src/web/status-page";
import { Broker, freePort, mosquittoPath } from "./broker";

const AT = "2026-01-14T09:00:00+01:00"; // a Wednesday, 9 h: peak hours
const LEADER_ID = "aaaaaaaaaaaa";
const FOLLOWER_ID = "bbbbbbbbbbbb";
const LEADER_BASE = `delesteur/${LEADER_ID}`;
/** Each wait is bounded: a follower that never follows fails the test in seconds, not at jest's timeout. */
const WAIT_MS = 8_000;

jest.setTimeout(60_000);

async function until(what: string, probe: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A box on the broker: its own simulated meter (a red or a blue day), relays it counts, a bridge with `mqtt` laid over its settings. */
function makeBox(port: number, boxId: string, loads: { id: string; name: string; kind: string; priority: number; nominalPowerW: number }[], colour: "red" | "blue", mqtt: Partial<MqttSettingsView>) {
  let feed: ((chunk: Uint8Array) => void) | undefined;
  const wiring: Record<string, { kind: string; outputs: { write(on: boolean): void }[] }> = {};
  for (const l of loads) wiring[l.id] = { kind: l.kind, outputs: [{ write: () => undefined }] };
  const box = virtualBox({ atIso: AT, defaultLoads: loads, parts: () => ({ meter: { onBytes: (h) => void (feed = h), close: () => undefined }, loads: wiring }) });
  box.device.start();
  const meter = new SimulatedMeter({ mode: "historic", contract: "tempo", phases: 1, subscribedKVA: 9 }, { colour, period: "hp", tomorrow: "white", powerVA: 1800, atMs: parseIsoWithOffset(AT) });
  const bridge = new MqttBridge({
    device: box.device, network: nodeMqtt, timers: nodeTimers, clock: box.time, logger: { log: () => undefined },
    settings: box.core.settings, boxId, info: { name: "Délesteur", model: "test", swVersion: "0.1.0" },
    configOf: (s: Settings) => mqttConfigOf({ ...(s as unknown as MqttSettingsView), mqttEnabled: true, mqttUrl: `mqtt://127.0.0.1:${port}`, ...mqtt }),
  });
  const load = (id: string) => box.device.snapshot()!.loads.find((l) => l.id === id)!;
  return {
    ...box, bridge, load,
    /** Virtual seconds pass with a frame each. */
    run(seconds: number) {
      for (let i = 0; i < seconds; i++) {
        box.time.advance(1000);
        meter.setState({ atMs: box.time.nowMs() });
        feed?.(meter.frame());
      }
    },
  };
}

const LEADER_LOADS = [
  { id: "salon", name: "Salon", kind: "relay", priority: 2, nominalPowerW: 2000 },
  { id: "ballon", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 },
];
const FOLLOWER_LOADS = [
  { id: "prise-salon", name: "Prise salon", kind: "relay", priority: 2, nominalPowerW: 1000 },
  { id: "prise-ballon", name: "Prise ballon", kind: "relay", priority: 4, nominalPowerW: 1000 },
  { id: "bureau", name: "Bureau", kind: "relay", priority: 2, nominalPowerW: 500 },
];
const FOLLOW = { mqttFollowTopic: LEADER_BASE, mqttFollowLoads: "prise-salon=salon,prise-ballon=ballon" };

const describeBroker = mosquittoPath() !== undefined ? describe : describe.skip;

describeBroker("a follower box on a real mosquitto", () => {
  let broker: Broker;
  const bridges: MqttBridge[] = [];
  let owner: MqttClient | undefined;

  beforeEach(async () => {
    broker = new Broker(await freePort());
    await broker.start();
  });
  afterEach(async () => {
    for (const b of bridges.splice(0)) b.stop();
    await owner?.endAsync(true);
    owner = undefined;
    await broker.dispose();
  });

  test("follows the leader's red-peak decisions, an override on the leader, and falls back when the leader goes offline", async () => {
    const leader = makeBox(broker.port, LEADER_ID, LEADER_LOADS, "red", {});
    // The follower's own meter says blue: on its own policy every load runs.
    const follower = makeBox(broker.port, FOLLOWER_ID, FOLLOWER_LOADS, "blue", FOLLOW);
    bridges.push(leader.bridge, follower.bridge);
    leader.bridge.start();
    leader.run(2);
    await until("leader online", () => leader.bridge.status().state === "online");
    follower.bridge.start();
    follower.run(2);
    // Red peak on the leader: its loads are shed, and the follower's plugs follow (its own policy would run them).
    // Each followed load is its own retained topic: they may land in separate reads, so wait for both.
    await until("both plugs follow their leader loads off", () => follower.load("prise-salon").override === "off" && follower.load("prise-ballon").override === "off");
    expect(follower.load("bureau").override).toBe("auto"); // not followed
    expect(follower.load("prise-salon").overrideUntilMs).toBe(follower.time.nowMs() + FOLLOW_HOLD_MS);
    follower.run(61); // past the minimum on time: the plug is really off
    expect(follower.load("prise-salon").on).toBe(false);
    expect(follower.load("bureau").on).toBe(true);
    expect(follower.bridge.status().follow).toEqual({ leaderBase: LEADER_BASE, leader: "online", loads: { "prise-salon": "following", "prise-ballon": "following" } });
    // The owner sees it on the follower's status page and API.
    const page = renderStatusPage({ lang: "fr", snapshot: follower.device.snapshot(), nowMs: follower.time.nowMs(), mqtt: follower.bridge.status() }).join("");
    expect(page).toContain(`<p id="mqtt-follow" data-leader="online">Suit les décisions de <b>${LEADER_BASE}</b> (état : en ligne) — prise-salon : suit · prise-ballon : suit</p>`);

    // The owner forces the leader's living room on from Home Assistant: the follower's plug follows.
    owner = connect({ host: "127.0.0.1", port: broker.port, protocolVersion: 4, reconnectPeriod: 0, clientId: "owner-ha" });
    await new Promise<void>((resolve, reject) => { owner!.once("connect", () => resolve()); owner!.once("error", reject); });
    owner.publish(`${LEADER_BASE}/load/salon/override/set`, "on");
    await until("the leader took it", () => leader.load("salon").override === "on");
    leader.run(61); // past the shed load's minimum off time: the leader's salon runs, and says so
    await until("prise-salon follows salon on", () => follower.load("prise-salon").override === "on");
    expect(follower.load("prise-ballon").override).toBe("off");

    // The leader goes away (its retained availability says offline): the follower is back on its own policy at once.
    leader.bridge.stop();
    bridges.splice(bridges.indexOf(leader.bridge), 1);
    await until("released", () => follower.load("prise-salon").override === "auto" && follower.load("prise-ballon").override === "auto");
    follower.run(61);
    expect(follower.load("prise-ballon").on).toBe(true);
    expect(follower.bridge.status().follow).toMatchObject({ leader: "offline", loads: { "prise-salon": "leader-offline", "prise-ballon": "leader-offline" } });
  });

  test("a silent leader is let go; the owner's own override on a followed load wins; a clean stop releases", async () => {
    const leader = makeBox(broker.port, LEADER_ID, LEADER_LOADS, "red", {});
    const follower = makeBox(broker.port, FOLLOWER_ID, FOLLOWER_LOADS, "blue", FOLLOW);
    bridges.push(leader.bridge, follower.bridge);
    leader.bridge.start();
    leader.run(2);
    await until("leader online", () => leader.bridge.status().state === "online");
    follower.bridge.start();
    follower.run(1);
    await until("following", () => follower.load("prise-salon").override === "off" && follower.load("prise-ballon").override === "off");

    // The owner forces one plug on at the follower itself: the follower leaves it alone from then on.
    expect(follower.device.command({ type: "load-override", loadId: "prise-ballon", override: "on" }).refused).toBeUndefined();
    follower.run(1);
    expect(follower.load("prise-ballon").override).toBe("on");
    expect(follower.bridge.status().follow!.loads["prise-ballon"]).toBe("owner");

    // The leader stays connected but says nothing for longer than the silence bound (its clock is stopped here).
    follower.run(FOLLOW_SILENCE_MS / 1000 + 1);
    expect(follower.load("prise-salon").override).toBe("auto");
    expect(follower.load("prise-ballon").override).toBe("on"); // the owner's, untouched
    expect(follower.bridge.status().follow).toMatchObject({ leader: "silent", loads: { "prise-salon": "leader-silent", "prise-ballon": "owner" } });

    // The leader speaks again (a frame: its JSON state): followed again.
    leader.run(11);
    await until("following again", () => follower.load("prise-salon").override === "off");
    // A clean stop of the follower's bridge gives its loads back to its own policy at once.
    follower.bridge.stop();
    bridges.splice(bridges.indexOf(follower.bridge), 1);
    expect(follower.load("prise-salon").override).toBe("auto");
  });
});

if (mosquittoPath() === undefined) test.skip("mosquitto missing: run scripts/system-deps.sh", () => undefined);
