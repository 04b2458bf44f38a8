// The lock-out: 12 idle sockets reopened every period against each server (HomeKit, the web page, the
// portal), over real loopback TCP, while a legitimate client asks 25 times; every one of the 25 must be served.
// The period is scaled from 10 s to 1 s, and every server time-out by the same 1/10 (request 10 s → 1 s, HomeKit's
// unverified idle 60 s → 6 s): the attack keeps its shape (idle sockets outnumbering the places, renewed before the
// server would time them out), the test takes seconds.
import { randomFillSync, webcrypto } from "node:crypto";
import { nodeClock, nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import { createNodeUdpNetwork } from "../../hal/node/udp";
import { DEFAULT_SIMULATED_NETWORKS, SimulatedWifi } from "../../hal/node/wifi-sim";
import { thermostatDatabase } from "../../homekit/accessory";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { KvPairingStore } from "../../homekit/pairing-store";
import { HapServer } from "../../homekit/server";
import { SOCKET_LIMITS } from "../../lib/socket-policy";
import { MemoryStore as DeviceMemoryStore } from "../../src/device/memory-store";
import { portalHomeKitHooks } from "../../src/portal/homekit-hooks";
import { CaptivePortal } from "../../src/portal/server";
import { WebServer } from "../../src/web/server";
import { FakeBinding, TEST_INFO } from "../homekit/support/fake-binding";
import { HttpClient } from "../homekit/support/hap-client";
import { MemoryStore } from "../homekit/support/memory-store";
import { webFixture } from "../web/web-fixture";
import { httpGet, IdleSockets } from "./attack-clients";

const SCALE = 10;
const PERIOD_MS = 10_000 / SCALE;
const IDLE_SOCKETS = 12;
const LEGIT_REQUESTS = 25;
/** Legitimate requests per period, sent after the idle sockets are in: ~9 periods in all. */
const PER_PERIOD = 3;
const CODE = "101-48-005";
const silent = { log: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run the attack on `port` for as many periods as 25 legitimate requests take; the outcomes of those 25. */
async function underIdleAttack<T>(port: number, legit: () => Promise<T>): Promise<T[]> {
  const idle = new IdleSockets(port, IDLE_SOCKETS);
  const outcomes: T[] = [];
  try {
    while (outcomes.length < LEGIT_REQUESTS) {
      const periodStart = Date.now();
      await idle.reopen();
      for (let i = 0; i < PER_PERIOD && outcomes.length < LEGIT_REQUESTS; i++) outcomes.push(await legit());
      await sleep(Math.max(0, PERIOD_MS - (Date.now() - periodStart)));
    }
  } finally {
    idle.stop();
  }
  return outcomes;
}

test("web page: 12 idle sockets reopened every period; 25 of 25 requests served", async () => {
  const f = webFixture();
  const server = new WebServer(
    { tcp: new NodeTcpNetwork(), timers: nodeTimers, random: { fill: (b) => randomFillSync(b) }, logger: silent, box: f.box, store: f.store, clock: f.time },
    { port: 0, bind: "127.0.0.1", requestTimeoutMs: SOCKET_LIMITS.web.requestMs / SCALE },
  );
  await server.start();
  try {
    const statuses = await underIdleAttack(server.port as number, () => httpGet(server.port as number, "/api/status"));
    expect(statuses).toEqual(new Array(LEGIT_REQUESTS).fill(200));
    expect(server.stats.evictedConnections).toBeGreaterThan(0);
  } finally {
    server.close();
  }
}, 30_000);

test("portal: 12 idle sockets reopened every period; 25 of 25 requests served", async () => {
  const store = new DeviceMemoryStore();
  const random = { fill: (b: Uint8Array) => randomFillSync(b) };
  const portal = new CaptivePortal(
    {
      tcp: new NodeTcpNetwork(), udp: createNodeUdpNetwork(), wifi: new SimulatedWifi({ networks: [...DEFAULT_SIMULATED_NETWORKS] }),
      store, system: { restart: () => undefined }, clock: nodeClock, timers: nodeTimers, random, logger: silent,
      ...portalHomeKitHooks(store, random),
    },
    { boxAddress: "127.0.0.1", httpPort: 0, dnsPort: 0, bind: "127.0.0.1", requestTimeoutMs: SOCKET_LIMITS.portal.requestMs / SCALE },
  );
  await portal.start();
  try {
    const port = portal.httpPort as number;
    const statuses = await underIdleAttack(port, () => httpGet(port, "/"));
    expect(statuses).toEqual(new Array(LEGIT_REQUESTS).fill(200));
    expect(portal.stats.evictedConnections).toBeGreaterThan(0);
  } finally {
    portal.close();
  }
}, 30_000);

test("HomeKit: 12 idle sockets reopened every period; a paired controller verifies and reads 25 times of 25", async () => {
  const crypto = createNobleCrypto((n) => webcrypto.getRandomValues(new Uint8Array(n)));
  const store = new KvPairingStore({ store: new MemoryStore(), crypto, setupCode: CODE, generateSetupCode: () => CODE });
  const server = new HapServer({
    network: new NodeTcpNetwork(), timers: nodeTimers, logger: silent, crypto, store,
    database: thermostatDatabase(TEST_INFO, new FakeBinding()), name: "Idle", model: "DL-1", port: 0, bind: "127.0.0.1", pollIntervalMs: 0,
    unverifiedIdleMs: SOCKET_LIMITS.homekit.idleMs / SCALE,
  });
  await server.start();
  try {
    const pairer = new HttpClient(store.identity().deviceId, "127.0.0.1", server.port);
    await pairer.pairSetup(CODE);
    const pairing = pairer.getLongTermData();
    const outcomes = await underIdleAttack(server.port, async () => {
      // A new connection each time, as a phone waking up: pair-verify, then the read.
      const client = new HttpClient(store.identity().deviceId, "127.0.0.1", server.port, pairing as never);
      try {
        const read = (await client.getCharacteristics(["1.12"])) as { characteristics: { value: unknown }[] };
        return read.characteristics[0]?.value !== undefined ? "served" : "no value";
      } catch (error) {
        return String(error);
      }
    });
    expect(outcomes).toEqual(new Array(LEGIT_REQUESTS).fill("served"));
  } finally {
    await server.close();
  }
}, 60_000);
