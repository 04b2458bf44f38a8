// Smart plugs over MQTT against a real mosquitto and fake Tasmota / Shelly devices that follow their documented topics:
// commands confirmed by the read-back over the box's one MQTT session (the bridge's), power measured, a Shelly that
// never answers or answers an error, a Tasmota whose last will says Offline, a hand on the button, a broker restart.
// The load states are checked where the owner sees them (the status page, GET /api/status); nothing else waits.
import { nodeClock, nodeTimers } from "../../hal/node/clock";
import { NodeHttpClient } from "../../hal/node/http-client";
import { nodeMqtt } from "../../hal/node/mqtt";
import type { DigitalOutput } from "../../hal/types";
import { nodePlugs, type NodePlugs } from "../../host-sim/plugs";
import type { Device } from "../../src/device/device";
import { MqttBridge } from "../../src/mqtt/bridge";
import { mqttConfigOf } from "../../src/mqtt/config";
import { bodyText } from "../../src/net/text-response";
import { handleApi } from "../../src/web/api";
import { renderStatusPage } from "../../src/web/status-page";
import { reading } from "../app/readings";
import { virtualBox } from "../device/virtual-box";
import { Broker, freePort, mosquittoPath } from "../mqtt/broker";
import { FakeMqttShelly, FakeMqttTasmota } from "./fake-mqtt-devices";

jest.setTimeout(30_000);

const client = new NodeHttpClient();
let broker: Broker;
let port = 0;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  if (!mosquittoPath()) throw new Error("mosquitto is not installed (scripts/system-deps.sh installs it)");
  port = await freePort();
  broker = new Broker(port);
  await broker.start();
});
afterAll(async () => {
  client.close();
  await broker.dispose();
});
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function waitFor(what: string, check: () => boolean, withinMs = 8000): Promise<number> {
  const startedMs = Date.now();
  while (!check()) {
    if (Date.now() - startedMs > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - startedMs;
}

async function tasmota(topic: string): Promise<FakeMqttTasmota> {
  const d = await new FakeMqttTasmota(topic).start(port);
  cleanups.push(() => d.stop(true));
  return d;
}
async function shelly(id: string): Promise<FakeMqttShelly> {
  const d = await new FakeMqttShelly(id).start(port);
  cleanups.push(() => d.stop(true));
  return d;
}

const loadOf = (device: Device, id: string) => device.snapshot()?.loads.find((l) => l.id === id);

/** A box whose loads' outputs are these specs (a load without one is on a GPIO), its bridge lending the session. */
function box(loads: { id: string; outputs?: unknown[] }[]): { device: Device; time: ReturnType<typeof virtualBox>["time"]; plugs: NodePlugs; gpio: boolean[]; bridge: MqttBridge } {
  const plugs = nodePlugs({ log: () => undefined }, client);
  const gpio: boolean[] = [];
  const relay: DigitalOutput = { write: (on) => void gpio.push(on) };
  const { device, time, core } = virtualBox({
    atIso: "2026-01-15T05:59:00+01:00",
    defaultLoads: loads.map((l, i) => ({ id: l.id, name: l.id, kind: "relay", priority: 2, nominalPowerW: 1000 + i, ...(l.outputs ? { outputs: l.outputs } : {}) })),
    parts: (c) => {
      const wiring: Record<string, { kind: string; outputs: DigitalOutput[] }> = {};
      for (const load of c.settings.loads) wiring[load.id] = plugs.wiringOf(load) ?? { kind: load.kind, outputs: [relay] };
      return { loads: wiring };
    },
  });
  device.start();
  const bridge = new MqttBridge({
    device, network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger: { log: () => undefined }, settings: core.settings, boxId: "0a0b0c0d0e0f",
    info: { name: "Délesteur", model: "test", swVersion: "0" },
    configOf: (s) => mqttConfigOf({ ...s, mqttEnabled: true, mqttUrl: `mqtt://127.0.0.1:${port}` }),
  });
  bridge.start();
  bridge.attach(plugs.mqttLink);
  cleanups.push(() => {
    bridge.stop();
    device.stop();
    plugs.stop();
  });
  return { device, time, plugs, gpio, bridge };
}

const blue = () => ({ type: "tic-frame" as const, reading: reading({ colour: "blue", period: "hc", tomorrow: "red", powerVA: 3000, subscribedVA: 12000 }) });
const red = () => ({ type: "tic-frame" as const, reading: reading({ colour: "red", period: "hp", powerVA: 3000, subscribedVA: 12000 }) });

async function apiLoad(device: Device, id: string, nowMs: number): Promise<Record<string, unknown>> {
  const b = { nowMs: () => nowMs, snapshot: () => device.snapshot(), settings: () => ({}) as never, command: () => ({ effects: [] }) } as never;
  const answer = await handleApi({ method: "GET", path: "/api/status", query: {}, headers: {}, body: new Uint8Array(0) }, { box: b, auth: {} as never }, { kind: "none" });
  return JSON.parse(bodyText(answer.body)).status.loads.find((l: { id: string }) => l.id === id);
}

test("a Shelly that stops answering never delays the Tasmota or the GPIO; it shows unreachable with its last known state, then is confirmed", async () => {
  const plugS = await shelly("shellyplusplugs-e8db84d4a1b2");
  const plugT = await tasmota("tasmota_A1B2C3");
  plugS.powerW = 1480;
  plugT.powerW = 1987;
  const { device, time, gpio } = box([
    { id: "salon", outputs: [{ type: "shelly-mqtt", device: plugS.id }] },
    { id: "bureau", outputs: [{ type: "tasmota-mqtt", topic: plugT.topic }] },
    { id: "ballon" },
  ]);
  device.dispatch(blue());
  await waitFor("both plugs confirm the loads running", () => loadOf(device, "salon")?.confirmed === false && loadOf(device, "bureau")?.confirmed === false);
  expect([plugS.outputs[0], plugT.outputs[0]]).toEqual([true, true]);
  // Power from Shelly's Switch.GetStatus apower and Tasmota's STATUS8 ENERGY.Power, as the budget uses it.
  expect(loadOf(device, "salon")?.measuredW).toBe(1480);
  expect(loadOf(device, "bureau")?.measuredW).toBe(1987);
  // The Shelly got Switch.Set then Switch.GetStatus from our client id; the Tasmota a POWER1 ON and a STATUS 8.
  expect(plugS.received.map((m) => JSON.parse(m.payload).method)).toEqual(expect.arrayContaining(["Switch.Set", "Switch.GetStatus"]));
  expect(JSON.parse(plugS.received[0].payload)).toMatchObject({ src: "delesteur_0a0b0c0d0e0f", method: "Switch.Set", params: { id: 0, on: true } });
  expect(plugT.received).toEqual(expect.arrayContaining([{ topic: "cmnd/tasmota_A1B2C3/POWER1", payload: "ON" }, { topic: "cmnd/tasmota_A1B2C3/STATUS", payload: "8" }]));

  plugS.behaviour = "silent"; // connected, takes nothing, answers nothing
  const gpioBefore = gpio.length;
  time.advance(60_000);
  device.dispatch(red());
  expect(gpio.slice(gpioBefore)).toEqual([true]); // the GPIO in the very dispatch
  for (const id of ["salon", "bureau", "ballon"]) expect(loadOf(device, id)).toMatchObject({ on: false, reason: "red_peak" });
  const tasmotaMs = await waitFor("the Tasmota confirms the cut", () => loadOf(device, "bureau")?.confirmed === true);
  expect(tasmotaMs).toBeLessThan(1000); // a round trip, not the Shelly's 3 s time-out
  expect(plugT.outputs[0]).toBe(false);
  expect(loadOf(device, "salon")).toMatchObject({ unreachable: false, confirmed: false });

  await waitFor("the Shelly times out", () => loadOf(device, "salon")?.unreachable === true, 6000);
  expect(loadOf(device, "salon")).toMatchObject({ confirmed: null, lastConfirmed: false, measuredW: null });
  const nowMs = time.nowMs();
  expect(renderStatusPage({ lang: "fr", snapshot: device.snapshot(), nowMs }).join("")).toContain("Prise injoignable — dernier état connu : en marche.");
  expect(renderStatusPage({ lang: "en", snapshot: device.snapshot(), nowMs }).join("")).toContain("Plug unreachable — last known state: running.");
  expect(await apiLoad(device, "salon", nowMs)).toMatchObject({ on: false, unreachable: true, lastConfirmed: false, confirmed: null });
  expect(await apiLoad(device, "bureau", nowMs)).toMatchObject({ on: false, unreachable: false, confirmed: true });

  plugS.behaviour = "ok";
  await waitFor("the Shelly is confirmed cut", () => loadOf(device, "salon")?.confirmed === true, 8000);
  expect(plugS.outputs[0]).toBe(false);
});

test("a Shelly's RPC error answer is an unreachable plug with the device's error, retried until it takes the command", async () => {
  const plugS = await shelly("shellypro1pm-30c6f7a1b2c3");
  plugS.behaviour = "error";
  const { device, plugs } = box([{ id: "salon", outputs: [{ type: "shelly-mqtt", device: plugS.id }] }]);
  device.dispatch(blue());
  // (Until the box's session is up the plug says so: "the box's MQTT link is not connected".)
  await waitFor("the refusal is seen", () => plugs.plugs()[0]?.status().error?.indexOf("Shelly error") === 0 && loadOf(device, "salon")?.unreachable === true);
  expect(plugs.plugs()[0].status()).toMatchObject({ reachable: false, error: "Shelly error -103: Invalid argument 'id': switch 0 is locked by a script!" });
  expect(plugS.outputs[0]).toBe(false);
  plugS.behaviour = "ok";
  await waitFor("taken on a retry", () => loadOf(device, "salon")?.confirmed === false, 8000);
  expect(plugS.outputs[0]).toBe(true);
});

test("a Tasmota whose last will says Offline is unreachable at once, and is set back when it is Online again", async () => {
  const plugT = await tasmota("tasmota_0FF11E");
  const { device, plugs } = box([{ id: "bureau", outputs: [{ type: "tasmota-mqtt", topic: plugT.topic }] }]);
  device.dispatch(blue());
  await waitFor("confirmed running", () => loadOf(device, "bureau")?.confirmed === false);
  await plugT.stop(true); // the plug vanishes: the broker publishes its will, tele/<topic>/LWT Offline (retained)
  // mosquitto sends the will once the TCP close is seen: well within a second, far from the 30 s poll.
  const offlineMs = await waitFor("unreachable from the will", () => loadOf(device, "bureau")?.unreachable === true, 3000);
  expect(offlineMs).toBeLessThan(2000);
  expect(plugs.plugs()[0].status()).toMatchObject({ reachable: false, on: true, error: "device offline (its MQTT last will)" });
  expect(loadOf(device, "bureau")).toMatchObject({ lastConfirmed: false });
  // It boots again with its relay off (PowerOnState 0); on its LWT Online the box sends its decision again.
  const back = new FakeMqttTasmota(plugT.topic);
  await back.start(port);
  cleanups.push(() => back.stop(true));
  await waitFor("confirmed again", () => loadOf(device, "bureau")?.confirmed === false && back.outputs[0], 3000);
});

test("a hand on the Tasmota's button is seen from its own message and undone within seconds", async () => {
  const plugT = await tasmota("tasmota_B07701");
  const { device } = box([{ id: "bureau", outputs: [{ type: "tasmota-mqtt", topic: plugT.topic }] }]);
  device.dispatch(blue());
  await waitFor("confirmed running", () => loadOf(device, "bureau")?.confirmed === false);
  plugT.press(); // off by hand: stat/RESULT {"POWER":"OFF"}, unasked
  await waitFor("seen off", () => loadOf(device, "bureau")?.confirmed === true, 2000);
  await waitFor("the box's decision sent again", () => plugT.outputs[0] && loadOf(device, "bureau")?.confirmed === false, 4000);
});

test("a broker restart: the plugs show unreachable while it is down and are switched once the session is back", async () => {
  const plugS = await shelly("shellyplus1-b8d61a8b9c0d");
  const plugT = await tasmota("tasmota_BR0KE2");
  const { device, time } = box([
    { id: "salon", outputs: [{ type: "shelly-mqtt", device: plugS.id }] },
    { id: "bureau", outputs: [{ type: "tasmota-mqtt", topic: plugT.topic }] },
  ]);
  device.dispatch(blue());
  await waitFor("both confirmed running", () => loadOf(device, "salon")?.confirmed === false && loadOf(device, "bureau")?.confirmed === false);
  await broker.stop();
  time.advance(60_000);
  device.dispatch(red()); // the cut is decided while the broker is away
  await waitFor("both unreachable", () => loadOf(device, "salon")?.unreachable === true && loadOf(device, "bureau")?.unreachable === true, 5000);
  expect([plugS.outputs[0], plugT.outputs[0]]).toEqual([true, true]);
  await broker.start();
  await waitFor("both confirmed cut", () => loadOf(device, "salon")?.confirmed === true && loadOf(device, "bureau")?.confirmed === true, 15_000);
  expect([plugS.outputs[0], plugT.outputs[0]]).toEqual([false, false]);
});
