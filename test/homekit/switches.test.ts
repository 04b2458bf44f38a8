// A Switch per load on the real chain: hap-controller → our HAP server (built by createServices, as main.ts does)
// → LoadSwitchAdapter → Device → real Controller, over loopback. Pairs once, then reads the tree, writes the
// switches, listens for events, and changes the loads to see the c# move while the thermostat's ids stay put.
import type { ServiceAdvertiser } from "../../hal/types";
import { nodeClock, nodeRandom, nodeTimers } from "../../hal/node/clock";
import { createNodeUdpNetwork } from "../../hal/node/udp";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import { SimulatedWifi } from "../../hal/node/wifi-sim";
import { HAP_STATUS } from "../../homekit/catalog";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import type { HapServer } from "../../homekit/server";
import type { LoadConfig } from "../../src/app/types";
import { createCore } from "../../src/device/core";
import { Device, type LoadWiring } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { createServices } from "../../src/device/services";
import { peakEndAfterMs } from "../../src/tariff/tempo-calendar";
import { reading, type ReadingSpec } from "../app/readings";
import { HttpClient, settle, waitFor } from "./support/hap-client";

const CODE = "314-15-926";
const silent = { log: () => undefined };
const HOUR_MS = 3_600_000;

// No minimum on/off time: each write below takes effect at once (the holds have their own tests in test/loads).
const LOADS = Object.freeze([
  { id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000, shedOrder: "hors-gel" },
  { id: "pompe", name: "Pompe piscine", kind: "relay", priority: 3, nominalPowerW: 1000, minOnMs: 0, minOffMs: 0 },
  { id: "lave", name: "Lave-linge", kind: "relay", priority: 4, nominalPowerW: 2000, minOnMs: 0, minOffMs: 0 },
  // Except this one: 1.5 s off at least, to see a write held by it.
  { id: "seche", name: "Sèche-serviettes", kind: "relay", priority: 3, nominalPowerW: 500, minOnMs: 0, minOffMs: 1500 },
]);

/** The thermostat accessory's instance ids before Switches existed (test/homekit/database.test.ts asserts them too). */
const THERMOSTAT_TREE = [
  { type: "3E", iid: 1, characteristics: [2, 3, 4, 5, 6, 7] },
  { type: "A2", iid: 8, characteristics: [9] },
  { type: "4A", iid: 10, characteristics: [11, 12, 13, 14, 15, 16] },
  { type: "80", iid: 17, characteristics: [18, 19] },
];

type Characteristic = { type: string; iid: number; value?: unknown; perms?: string[] };
type Service = { type: string; iid: number; characteristics: Characteristic[] };
type EventBody = { characteristics: { aid: number; iid: number; value: unknown }[] };

/** Short HAP type of a full UUID ("00000049-0000-1000-8000-0026BB765291" → "49") or of a short one. */
function shortType(type: string): string {
  const match = /^0*([0-9A-F]+)-0000-1000-8000-0026BB765291$/i.exec(type);
  return (match ? match[1] : type.replace(/^0+/, "")).toUpperCase();
}

function servicesOf(tree: unknown): Service[] {
  const services = (tree as { accessories: { aid: number; services: Service[] }[] }).accessories[0].services;
  return services.map((s) => ({ ...s, type: shortType(s.type), characteristics: s.characteristics.map((c) => ({ ...c, type: shortType(c.type) })) }));
}

function switchesOf(tree: unknown): { name: unknown; configuredName: unknown; iid: number; on: Characteristic }[] {
  return servicesOf(tree)
    .filter((s) => s.type === "49")
    .map((s) => ({
      iid: s.iid,
      on: s.characteristics.find((c) => c.type === "25") as Characteristic,
      name: s.characteristics.find((c) => c.type === "23")?.value,
      configuredName: s.characteristics.find((c) => c.type === "E3")?.value,
    }));
}

function values(events: EventBody[], iid: number): unknown[] {
  const out: unknown[] = [];
  for (const e of events) for (const c of e.characteristics) if (c.iid === iid) out.push(c.value);
  return out;
}

function boot(store: MemoryStore, txts: Record<string, string>[], defaultLoads: readonly { id: string; kind: string }[] = LOADS) {
  const core = createCore({ store, logger: silent, ticMode: "historic", defaultLoads });
  const output = () => ({ write: () => undefined });
  const loads: Record<string, LoadWiring> = {};
  for (const l of defaultLoads) loads[l.id] = { kind: l.kind, outputs: l.kind === "fil-pilote-2" ? [output(), output()] : [output()] };
  const device = new Device({
    clock: nodeClock, timers: nodeTimers, logger: silent, store, system: { restart: () => undefined },
    meter: { onBytes: () => undefined, close: () => undefined },
    loads, redLed: { set: () => undefined }, blueLed: { set: () => undefined },
    createDecoder: core.createDecoder, createEngine: core.createEngine,
  });
  device.start();
  const advertiser: ServiceAdvertiser = { advertise: (s) => void txts.push(s.txt), updateTxt: (txt) => void txts.push(txt), reannounce: () => undefined, stop: () => undefined };
  const services = createServices({
    device, store, tcp: new NodeTcpNetwork(), udp: createNodeUdpNetwork(), wifi: new SimulatedWifi({ networks: [] }),
    system: { restart: () => undefined }, clock: nodeClock, timers: nodeTimers, random: nodeRandom, logger: silent,
    advertiser, crypto: createNobleCrypto, hapPort: 0, hapBind: "127.0.0.1",
    info: { name: "Délesteur", manufacturer: "test", model: "test", serialNumber: "T1", firmwareRevision: "0.0.0" },
  });
  return { device, services };
}

describe("a HomeKit Switch per load, on the real Device and Controller", () => {
  const store = new MemoryStore();
  const txts: Record<string, string>[] = [];
  let device: Device;
  let server: HapServer;
  let meter: ReadingSpec = { colour: "blue", period: "hp", powerVA: 1500 };
  let meterTimer: ReturnType<typeof setInterval>;
  let pairingData: unknown;
  const clients: HttpClient[] = [];

  const frame = (spec: ReadingSpec) => {
    meter = spec;
    device.dispatch({ type: "tic-frame", reading: reading(spec) });
  };
  const client = (options?: { usePersistentConnections?: boolean; subscriptionsUseSameConnection?: boolean }) => {
    const c = new HttpClient(server.pairingStore.identity().deviceId, "127.0.0.1", server.port, pairingData as never, options);
    clients.push(c);
    return c;
  };
  const load = (id: string) => device.snapshot()?.loads.find((l) => l.id === id);

  beforeAll(async () => {
    let services;
    ({ device, services } = boot(store, txts));
    frame(meter);
    meterTimer = setInterval(() => device.dispatch({ type: "tic-frame", reading: reading(meter) }), 1000);
    services.pairing.useSetupCode(CODE);
    server = await services.startHap();
    const pairer = new HttpClient(services.pairing.identity().deviceId, "127.0.0.1", server.port);
    await pairer.pairSetup(CODE);
    pairingData = pairer.getLongTermData();
    await pairer.close().catch(() => undefined);
  });

  afterAll(async () => {
    clearInterval(meterTimer);
    for (const c of clients) await c.close().catch(() => undefined);
    await server.close();
    device.stop();
  });

  test("the tree: the thermostat's ids as before, one Switch per load that is not a pilot wire, named after it", async () => {
    const tree = await client().getAccessories();
    const services = servicesOf(tree);
    expect(services.slice(0, 4).map((s) => ({ type: s.type, iid: s.iid, characteristics: s.characteristics.map((c) => c.iid) }))).toEqual(THERMOSTAT_TREE);
    const switches = switchesOf(tree);
    expect(switches.map((s) => [s.iid, s.name, s.configuredName])).toEqual([
      [100, "Pompe piscine", "Pompe piscine"],
      [110, "Lave-linge", "Lave-linge"],
      [120, "Sèche-serviettes", "Sèche-serviettes"],
    ]);
    expect(switches[0].on).toMatchObject({ iid: 101, value: true, perms: ["pr", "pw", "ev"] });
    // The Switches were in the tree from the first announcement: no second c# for the same boot.
    // (Pairing re-announced the record with sf=0: same c#.)
    expect([...new Set(txts.map((t) => t["c#"]))]).toEqual(["1"]);
  });

  test("switching a running load off forces it off until the HomeKit duration; the other controller hears it, the writer does not", async () => {
    const writer = client({ usePersistentConnections: true, subscriptionsUseSameConnection: true });
    const listener = client();
    const writerEvents: EventBody[] = [];
    const listenerEvents: EventBody[] = [];
    writer.on("event", (e: EventBody) => writerEvents.push(e));
    listener.on("event", (e: EventBody) => listenerEvents.push(e));
    await writer.subscribeCharacteristics(["1.101"]);
    await listener.subscribeCharacteristics(["1.101"]);
    expect(load("pompe")).toMatchObject({ on: true, override: "auto" });

    const before = Date.now();
    const answer = (await writer.setCharacteristics({ "1.101": false })) as { characteristics: { status?: number }[] };
    const after = Date.now();
    expect(answer.characteristics[0].status).toBeUndefined(); // 204
    // heatDurationMs is empty by default: like HEAT, the forcing lasts to the end of the peak period.
    expect(load("pompe")).toMatchObject({ on: false, override: "off", overrideUntilMs: peakEndAfterMs(before) });
    expect(peakEndAfterMs(after)).toBe(peakEndAfterMs(before));
    await waitFor(() => values(listenerEvents, 101).length > 0, "the listener's event");
    await settle(200);
    expect(values(listenerEvents, 101)).toEqual([false]);
    expect(values(writerEvents, 101)).toEqual([]);

    // Back on: automatic runs it, so the override goes rather than a forced "on".
    await listener.setCharacteristics({ "1.101": true });
    expect(load("pompe")).toMatchObject({ on: true, override: "auto" });
    expect(load("pompe")?.overrideUntilMs).toBeUndefined();
    await waitFor(() => values(writerEvents, 101).length > 0, "the writer's event");
    expect(values(writerEvents, 101)).toEqual([true]);
  });

  test("with heatDurationMs set, a forcing ends that long after the write", async () => {
    const settings = device.settings()!;
    expect(device.command({ type: "settings", patch: { heatDurationMs: 2 * HOUR_MS } }).refused).toBeUndefined();
    const before = Date.now();
    await client().setCharacteristics({ "1.111": false });
    const until = load("lave")?.overrideUntilMs as number;
    expect(load("lave")).toMatchObject({ on: false, override: "off" });
    expect(until).toBeGreaterThanOrEqual(before + 2 * HOUR_MS);
    expect(until).toBeLessThanOrEqual(Date.now() + 2 * HOUR_MS);
    await client().setCharacteristics({ "1.111": true });
    expect(load("lave")).toMatchObject({ on: true, override: "auto" });
    device.command({ type: "settings", patch: { heatDurationMs: settings.heatDurationMs } });
  });

  test("on again inside the minimum off time: the override goes at once, the tile shows off, then on when the load starts", async () => {
    const writer = client({ usePersistentConnections: true, subscriptionsUseSameConnection: true });
    const events: EventBody[] = [];
    writer.on("event", (e: EventBody) => events.push(e));
    await writer.subscribeCharacteristics(["1.121"]);
    await writer.setCharacteristics({ "1.121": false });
    expect(load("seche")).toMatchObject({ on: false, override: "off" });

    const answer = (await writer.setCharacteristics({ "1.121": true })) as { characteristics: { status?: number }[] };
    expect(answer.characteristics[0].status).toBeUndefined(); // accepted: automatic runs it once the hold ends
    expect(load("seche")).toMatchObject({ on: false, override: "auto", held: { by: "min_off", wantsOn: true } });
    await waitFor(() => values(events, 121).length >= 2, "the held value, then the start", 4000);
    expect(values(events, 121)).toEqual([false, true]);
    expect(load("seche")).toMatchObject({ on: true, override: "auto" });
    await writer.unsubscribeCharacteristics(["1.121"]);
  });

  test("an override from the page, the API or MQTT (the same Device command) reaches HomeKit as events", async () => {
    const listener = client();
    const events: EventBody[] = [];
    listener.on("event", (e: EventBody) => events.push(e));
    await listener.subscribeCharacteristics(["1.101"]);
    expect(device.command({ type: "load-override", loadId: "pompe", override: "off", untilMs: Date.now() + HOUR_MS }).refused).toBeUndefined();
    // Within 500 ms: the adapter tells the server at once (its own 1 s re-read would be later).
    await waitFor(() => values(events, 101).length > 0, "the forced off", 500);
    expect(device.command({ type: "load-override", loadId: "pompe", override: "auto" }).refused).toBeUndefined();
    await waitFor(() => values(events, 101).length > 1, "automatic again", 500);
    expect(values(events, 101)).toEqual([false, true]);
    await listener.unsubscribeCharacteristics(["1.101"]);
  });

  test("forced on during an overload is refused with -70412, nothing stays forced, and the writer hears the truth", async () => {
    frame({ colour: "blue", period: "hp", powerVA: 9500, overload: true });
    await waitFor(() => load("lave")?.on === false, "the overload shedding the washing machine");
    const writer = client({ usePersistentConnections: true, subscriptionsUseSameConnection: true });
    const events: EventBody[] = [];
    writer.on("event", (e: EventBody) => events.push(e));
    await writer.subscribeCharacteristics(["1.111"]);
    await settle(100);
    events.length = 0;

    const answer = (await writer.setCharacteristics({ "1.111": true })) as { characteristics: { status?: number }[] };
    expect(answer.characteristics[0].status).toBe(HAP_STATUS.NotAllowedInCurrentState);
    expect(load("lave")).toMatchObject({ on: false, override: "auto" });
    await waitFor(() => values(events, 111).length > 0, "the corrective event");
    expect(values(events, 111)).toEqual([false]);
    frame({ colour: "blue", period: "hp", powerVA: 1500 });
    await writer.unsubscribeCharacteristics(["1.111"]);
  });

  test("loads changed: c# bumps once and is announced; the thermostat and the kept switch keep their ids, a new one gets fresh ids", async () => {
    const loads = device.settings()!.loads as LoadConfig[];
    const cnBefore = Number(server.txt()["c#"]);
    const announced = txts.length;
    const next = [...loads.filter((l) => l.id !== "lave"), { ...loads.find((l) => l.id === "pompe")!, id: "ve", name: "Voiture", kind: "relay" as const }];
    expect(device.command({ type: "settings", patch: { loads: next } }).refused).toBeUndefined();
    expect(Number(server.txt()["c#"])).toBe(cnBefore + 1);
    expect(txts.length).toBe(announced + 1);
    expect(txts[txts.length - 1]["c#"]).toBe(String(cnBefore + 1));

    const tree = await client().getAccessories();
    expect(servicesOf(tree).slice(0, 4).map((s) => ({ type: s.type, iid: s.iid, characteristics: s.characteristics.map((c) => c.iid) }))).toEqual(THERMOSTAT_TREE);
    // The washing machine's block (110) is never handed out again: the car gets 130.
    expect(switchesOf(tree).map((s) => [s.iid, s.name])).toEqual([
      [100, "Pompe piscine"],
      [120, "Sèche-serviettes"],
      [130, "Voiture"],
    ]);

    // A rename is a value, not a shape: same c#, the new name read live.
    const renamed = next.map((l) => (l.id === "pompe" ? { ...l, name: "Pompe" } : l));
    expect(device.command({ type: "settings", patch: { loads: renamed } }).refused).toBeUndefined();
    expect(Number(server.txt()["c#"])).toBe(cnBefore + 1);
    expect(switchesOf(await client().getAccessories())[0].name).toBe("Pompe");
  });

  test("a restart on the same store announces the same c# and the same ids", async () => {
    const cn = server.txt()["c#"];
    const again: Record<string, string>[] = [];
    const second = boot(store, again);
    const hap = await second.services.startHap();
    try {
      expect(again.map((t) => t["c#"])).toEqual([cn]);
      const iids = hap.pairingStore.serviceIids(["pompe", "seche", "ve"]);
      expect([iids.get("pompe"), iids.get("seche"), iids.get("ve")]).toEqual([100, 120, 130]);
    } finally {
      await hap.close();
      second.device.stop();
    }
  });
});

describe("a Switch write that also moves the Thermostat's current state", () => {
  test("the writer hears the thermostat's news but not its own On value", async () => {
    // The pump is the only sheddable load: switching it off turns the Thermostat's current state to OFF inside the
    // write, and the Thermostat's binding asks the server to refresh right then.
    const store = new MemoryStore();
    const { device, services } = boot(store, [], [LOADS[1]]);
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hp", powerVA: 1500 }) });
    services.pairing.useSetupCode(CODE);
    const server = await services.startHap();
    const pairer = new HttpClient(services.pairing.identity().deviceId, "127.0.0.1", server.port);
    try {
      await pairer.pairSetup(CODE);
      const paired = new HttpClient(services.pairing.identity().deviceId, "127.0.0.1", server.port, pairer.getLongTermData() as never, { usePersistentConnections: true, subscriptionsUseSameConnection: true });
      const events: EventBody[] = [];
      paired.on("event", (e: EventBody) => events.push(e));
      await paired.subscribeCharacteristics(["1.101", "1.11"]);
      expect(device.snapshot()?.loads[0]).toMatchObject({ id: "pompe", on: true });
      await paired.setCharacteristics({ "1.101": false });
      await waitFor(() => values(events, 11).length > 0, "the thermostat's OFF");
      await settle(200);
      expect(values(events, 11)).toEqual([0]);
      expect(values(events, 101)).toEqual([]);
      await paired.close().catch(() => undefined);
    } finally {
      await pairer.close().catch(() => undefined);
      await server.close();
      device.stop();
    }
  });
});
