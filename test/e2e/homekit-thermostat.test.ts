// The real chain behind the Home app's tile: hap-controller → our HAP server (host-sim/homekit.ts) → ThermostatAdapter
// → Device → real Controller (createCore), on the wall clock and Node timers. Checks who hears which event.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nodeClock, nodeTimers } from "../../hal/node/clock";
import { startHomeKit, type HomeKitHandle } from "../../host-sim/homekit";
import { createCore } from "../../src/device/core";
import { Device, type LoadWiring } from "../../src/device/device";
import { readJson } from "../../src/device/json-store";
import { MemoryStore } from "../../src/device/memory-store";
import { ThermostatAdapter } from "../../src/device/thermostat-binding";
import { reading, type ReadingSpec } from "../app/readings";
import { HttpClient, settle, waitFor } from "../homekit/support/hap-client";

const CODE = "101-48-005";
// Instance ids from the accessory tree (asserted in test/homekit/database.test.ts).
const CURRENT_STATE = "1.11";
const TARGET_STATE = "1.12";
const TARGET_TEMPERATURE = "1.14";
const IID_TARGET_STATE = 12;
const HAP_HEAT = 1;
const HAP_AUTO = 3;

type EventBody = { characteristics: { aid: number; iid: number; value: unknown }[] };

const LOADS = Object.freeze([
  { id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 },
  { id: "chambre", name: "Chambre", kind: "fil-pilote-1", priority: 3, nominalPowerW: 1000 },
  { id: "ballon", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 },
]);

const silent = { log: () => undefined };

/** A real Device with the real Controller on a store; the meter's frames are dispatched as the decoder would. */
function bootBox(store: MemoryStore) {
  const core = createCore({ store, logger: silent, ticMode: "historic", defaultLoads: LOADS });
  const output = () => ({ write: () => undefined });
  const loads: Record<string, LoadWiring> = {
    salon: { kind: "fil-pilote-2", outputs: [output(), output()] },
    chambre: { kind: "fil-pilote-1", outputs: [output()] },
    ballon: { kind: "relay", outputs: [output()] },
  };
  const device = new Device({
    clock: nodeClock,
    timers: nodeTimers,
    logger: silent,
    store,
    system: { restart: () => undefined },
    // A meter that never sends bytes: the test hands the Device decoded frames instead.
    meter: { onBytes: () => undefined, close: () => undefined },
    loads,
    redLed: { set: () => undefined },
    blueLed: { set: () => undefined },
    createDecoder: core.createDecoder,
    createEngine: core.createEngine,
  });
  device.start();
  const adapter = new ThermostatAdapter(device);
  return { device, adapter };
}

function iids(events: EventBody[], iid: number): unknown[] {
  const values: unknown[] = [];
  for (const e of events) for (const c of e.characteristics) if (c.iid === iid) values.push(c.value);
  return values;
}

describe("HomeKit Thermostat on the real Device and Controller", () => {
  let dir: string;
  let hk: HomeKitHandle;
  let store: MemoryStore;
  let device: Device;
  let adapter: ThermostatAdapter;
  let meterTimer: ReturnType<typeof setInterval>;
  let meter: ReadingSpec = { colour: "blue", period: "hp", powerVA: 1500 };
  let pairingData: unknown;
  const clients: HttpClient[] = [];

  const frame = (spec: ReadingSpec) => {
    meter = spec;
    device.dispatch({ type: "tic-frame", reading: reading(spec) });
  };
  const client = (options?: { usePersistentConnections?: boolean; subscriptionsUseSameConnection?: boolean }) => {
    const c = new HttpClient(hk.deviceId, "127.0.0.1", hk.port, pairingData as never, options);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hap-thermostat-"));
    store = new MemoryStore();
    ({ device, adapter } = bootBox(store));
    frame(meter);
    // The meter speaks every second, as a Linky does, so the Controller never declares it lost.
    meterTimer = setInterval(() => device.dispatch({ type: "tic-frame", reading: reading(meter) }), 1000);
    hk = await startHomeKit({ port: 0, bind: "127.0.0.1", stateDir: dir, setupCode: CODE, mdns: false, binding: adapter, logger: silent, print: () => undefined, pollIntervalMs: 0 });
    const pairer = new HttpClient(hk.deviceId, "127.0.0.1", hk.port);
    await pairer.pairSetup(CODE);
    pairingData = pairer.getLongTermData();
    await pairer.close().catch(() => undefined);
  });

  afterAll(async () => {
    clearInterval(meterTimer);
    for (const c of clients) await c.close().catch(() => undefined);
    await hk.close();
    device.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("(a) HEAT granted on a blue peak: the writer hears nothing of its own write, a second controller does", async () => {
    expect(device.snapshot()?.mode).toBe("AUTO");
    const writer = client({ usePersistentConnections: true, subscriptionsUseSameConnection: true });
    const listener = client();
    const writerEvents: EventBody[] = [];
    const listenerEvents: EventBody[] = [];
    writer.on("event", (e: EventBody) => writerEvents.push(e));
    listener.on("event", (e: EventBody) => listenerEvents.push(e));
    await writer.subscribeCharacteristics([TARGET_STATE, CURRENT_STATE]);
    await listener.subscribeCharacteristics([TARGET_STATE, CURRENT_STATE]);

    const answer = (await writer.setCharacteristics({ [TARGET_STATE]: HAP_HEAT })) as { characteristics: { status?: number }[] };
    expect(answer.characteristics[0].status).toBeUndefined(); // 204: accepted as written
    expect(device.snapshot()?.mode).toBe("HEAT");
    await waitFor(() => iids(listenerEvents, IID_TARGET_STATE).length > 0, "the listener's HEAT event");
    expect(iids(listenerEvents, IID_TARGET_STATE)).toEqual([HAP_HEAT]);
    await settle(300);
    expect(iids(writerEvents, IID_TARGET_STATE)).toEqual([]);
    // Nor a second copy for the listener (the adapter kept quiet during the write; the server told it once).
    expect(iids(listenerEvents, IID_TARGET_STATE)).toEqual([HAP_HEAT]);
    const read = (await writer.getCharacteristics([TARGET_STATE])) as EventBody;
    expect(read.characteristics[0].value).toBe(HAP_HEAT);

    // Back to AUTO, written by the other side this time: the first writer now hears it.
    await listener.setCharacteristics({ [TARGET_STATE]: HAP_AUTO });
    await waitFor(() => iids(writerEvents, IID_TARGET_STATE).length > 0, "the AUTO event at the first writer");
    expect(iids(writerEvents, IID_TARGET_STATE)).toEqual([HAP_AUTO]);
    expect(device.snapshot()?.mode).toBe("AUTO");
    await writer.unsubscribeCharacteristics([TARGET_STATE, CURRENT_STATE]);
    await listener.unsubscribeCharacteristics([TARGET_STATE, CURRENT_STATE]);
  });

  test("(b) HEAT refused on a red peak: 204, then every subscriber, the writer included, hears AUTO", async () => {
    const writer = client({ usePersistentConnections: true, subscriptionsUseSameConnection: true });
    const other = client();
    const writerEvents: EventBody[] = [];
    const otherEvents: EventBody[] = [];
    writer.on("event", (e: EventBody) => writerEvents.push(e));
    other.on("event", (e: EventBody) => otherEvents.push(e));
    await writer.subscribeCharacteristics([TARGET_STATE]);
    await other.subscribeCharacteristics([TARGET_STATE]);

    frame({ colour: "red", period: "hp", powerVA: 1500 });
    expect(device.snapshot()?.tariff).toMatchObject({ colour: "red", period: "hp" });
    await settle(200); // the red peak's own news (loads shed) is not part of what follows
    writerEvents.length = 0;
    otherEvents.length = 0;

    const answer = (await writer.setCharacteristics({ [TARGET_STATE]: HAP_HEAT })) as { characteristics: { status?: number }[] };
    expect(answer.characteristics[0].status).toBeUndefined();
    expect(device.snapshot()?.mode).toBe("AUTO");
    expect(device.ledPattern()).toBe("refused"); // the box's own LED answers too (2 s)
    await waitFor(() => iids(writerEvents, IID_TARGET_STATE).length > 0 && iids(otherEvents, IID_TARGET_STATE).length > 0, "the corrective AUTO events");
    await settle(200);
    expect(iids(writerEvents, IID_TARGET_STATE)).toEqual([HAP_AUTO]);
    expect(iids(otherEvents, IID_TARGET_STATE)).toEqual([HAP_AUTO]);
    const read = (await other.getCharacteristics([TARGET_STATE])) as EventBody;
    expect(read.characteristics[0].value).toBe(HAP_AUTO);
    await writer.unsubscribeCharacteristics([TARGET_STATE]);
    await other.unsubscribeCharacteristics([TARGET_STATE]);
    frame({ colour: "blue", period: "hp", powerVA: 1500 });
  });

  test("(c) a TargetTemperature write is stored in app.owner at once and a new Device on the store reads it back", async () => {
    const c = client();
    const before = readJson(store, "app.owner").value as { thermostat?: { targetTemperatureC: number } } | undefined;
    expect(before?.thermostat?.targetTemperatureC).not.toBe(22.5);

    await c.setCharacteristics({ [TARGET_TEMPERATURE]: 22.5 });
    // No debounce: the owner's act is written before the HTTP answer reaches us.
    const owner = readJson(store, "app.owner").value as { mode: string; thermostat: { targetTemperatureC: number; displayUnits: string } };
    expect(owner.thermostat).toEqual({ targetTemperatureC: 22.5, displayUnits: "celsius" });
    expect(adapter.read().targetTemperatureC).toBe(22.5);
    const read = (await c.getCharacteristics([TARGET_TEMPERATURE])) as EventBody;
    expect(read.characteristics[0].value).toBe(22.5);

    // A restart: a new Device and adapter on the same store.
    const again = bootBox(store);
    try {
      expect(again.device.snapshot()?.thermostat.targetTemperatureC).toBe(22.5);
      expect(again.adapter.read().targetTemperatureC).toBe(22.5);
    } finally {
      again.device.stop();
    }
  });
});
