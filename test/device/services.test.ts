// The box's services as main.ts builds them, over hal/node on 127.0.0.1: the portal's setup code at rest.
// DOMAIN §4: only the SRP salt and verifier stay in flash; the code the owner chose must still pair.
import type { ServiceAdvertiser } from "../../hal/types";
import { createNodeUdpNetwork } from "../../hal/node/udp";
import { nodeClock, nodeRandom, nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import { SimulatedWifi } from "../../hal/node/wifi-sim";
import { utf8Decode } from "../../lib/bytes";
import type { HapServer } from "../../homekit/server";
import { createCore } from "../../src/device/core";
import { Device } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { createServices } from "../../src/device/services";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { PORTAL_KEYS, writePortalSettings } from "../../src/portal/settings";
import { HttpClient } from "../homekit/support/hap-client";

const CODE = "482-91-375";
const silent = { log: () => undefined };
const quietAdvertiser: ServiceAdvertiser = { advertise: () => undefined, updateTxt: () => undefined, reannounce: () => undefined, stop: () => undefined };

function boot(store: MemoryStore) {
  const core = createCore({ store, logger: silent, ticMode: "auto" });
  const device = new Device({
    clock: nodeClock, timers: nodeTimers, logger: silent, store, system: { restart: () => undefined },
    meter: { onBytes: () => undefined, close: () => undefined },
    loads: {}, redLed: { set: () => undefined }, blueLed: { set: () => undefined },
    createDecoder: core.createDecoder, createEngine: core.createEngine,
  });
  return createServices({
    device, store, tcp: new NodeTcpNetwork(), udp: createNodeUdpNetwork(), wifi: new SimulatedWifi({ networks: [] }),
    system: { restart: () => undefined }, clock: nodeClock, timers: nodeTimers, random: nodeRandom, logger: silent,
    advertiser: quietAdvertiser, crypto: createNobleCrypto, hapPort: 0, hapBind: "127.0.0.1",
    info: { name: "Délesteur", manufacturer: "test", model: "test", serialNumber: "T1", firmwareRevision: "0.0.0" },
  });
}

describe("setup code chosen in the portal", () => {
  let server: HapServer | undefined;
  let client: HttpClient | undefined;
  afterEach(async () => {
    await client?.close().catch(() => undefined);
    await server?.close();
    server = client = undefined;
  });

  test("is gone from the store after boot, and pairing with it still works", async () => {
    const store = new MemoryStore();
    writePortalSettings(store, { wifiSsid: "Livebox-1234", wifiPassword: "secret-psk", setupCode: CODE, ticMode: "auto" });
    expect(utf8Decode(store.get(PORTAL_KEYS.setupCode)!)).toBe(CODE);

    const services = boot(store);
    expect(store.get(PORTAL_KEYS.setupCode)).toBeUndefined();
    const everything = store.keys().map((k) => utf8Decode(store.get(k)!)).join("|");
    expect(everything).not.toContain(CODE);
    expect(everything).not.toContain(CODE.replace(/-/g, ""));

    server = await services.startHap();
    client = new HttpClient(services.pairing.identity().deviceId, "127.0.0.1", server.port);
    await expect(client.pairSetup("111-22-333")).rejects.toMatchObject({ statusCode: 2 });
    await client.pairSetup(CODE);
    expect(services.pairing.isPaired()).toBe(true);
  });

  test("a later boot without a pending code keeps the verifier: the same code pairs", async () => {
    const store = new MemoryStore();
    writePortalSettings(store, { wifiSsid: "Livebox-1234", wifiPassword: "", setupCode: CODE, ticMode: "auto" });
    boot(store);
    const services = boot(store); // the restart after the portal: nothing pending any more
    expect(services.pairing.knownSetupCode).toBeUndefined();
    server = await services.startHap();
    client = new HttpClient(services.pairing.identity().deviceId, "127.0.0.1", server.port);
    await client.pairSetup(CODE);
    expect(services.pairing.isPaired()).toBe(true);
  });
});
