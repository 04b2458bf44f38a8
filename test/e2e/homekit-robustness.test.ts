// Robustness on 127.0.0.1 with the third-party controller hap-controller: a controller stalled mid pair-setup
// (hap-controller's own startPairing without finishPairing), silent unverified sockets, link loss and recovery.
import * as net from "node:net";
import { webcrypto } from "node:crypto";
import { nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import type { Logger } from "../../hal/types";
import { thermostatDatabase } from "../../homekit/accessory";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { KvPairingStore } from "../../homekit/pairing-store";
import { HapServer, type HapServerOptions } from "../../homekit/server";
import { FakeBinding, TEST_INFO } from "../homekit/support/fake-binding";
import { HttpClient, settle, waitFor } from "../homekit/support/hap-client";
import { MemoryStore } from "../homekit/support/memory-store";
import { RecordingAdvertiser } from "../homekit/support/recording-advertiser";

const CODE = "101-48-005";
const TARGET_STATE = "1.12";
const crypto = createNobleCrypto((n) => webcrypto.getRandomValues(new Uint8Array(n)));

interface Rig {
  server: HapServer;
  store: KvPairingStore;
  advertiser: RecordingAdvertiser;
  binding: FakeBinding;
  logs: string[];
  client(data?: unknown, options?: { usePersistentConnections?: boolean }): HttpClient;
  close(): Promise<void>;
}

/** A server on an ephemeral loopback port with short, test-sized time-outs. */
async function rig(options: Partial<HapServerOptions>, kv = new MemoryStore()): Promise<Rig> {
  const logs: string[] = [];
  const logger: Logger = { log: (_level, message) => void logs.push(message) };
  const binding = new FakeBinding();
  const advertiser = new RecordingAdvertiser();
  const store = new KvPairingStore({ store: kv, crypto, setupCode: CODE, generateSetupCode: () => CODE });
  const server = new HapServer({
    network: new NodeTcpNetwork(), timers: nodeTimers, logger, crypto, store, advertiser,
    database: thermostatDatabase(TEST_INFO, binding), name: "Robust", model: "DL-1", port: 0, bind: "127.0.0.1", pollIntervalMs: 0,
    ...options,
  });
  await server.start();
  const clients: HttpClient[] = [];
  return {
    server, store, advertiser, binding, logs,
    client(data, clientOptions) {
      const c = new HttpClient(store.identity().deviceId, "127.0.0.1", server.port, data as never, clientOptions);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) await c.close().catch(() => undefined);
      await server.close();
    },
  };
}

function rawConnect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1" }, () => resolve(socket));
    socket.once("error", reject);
  });
}

describe("HomeKit robustness with hap-controller over TCP", () => {
  test("a controller that stops after M2 holds the slot until its limit; then another controller takes it over and pairs", async () => {
    // Long enough for hap-controller's own SRP between M2 and M3 (pure JS, slow on a busy machine).
    // 5 s leaves room for a loaded CI machine between M2 and the Busy check below.
    const r = await rig({ pairSetupLimitMs: 5000, unverifiedIdleMs: 0 });
    try {
      const stalled = r.client();
      const m2 = await stalled.startPairing(); // M1 → M2, then it never sends M3 but keeps its connection
      await expect(r.client().pairSetup(CODE)).rejects.toMatchObject({ statusCode: 7 }); // Busy
      await waitFor(() => r.logs.includes("hap: pair-setup attempt reached its limit, another controller may take the slot"), "the slot limit", 10_000);
      const other = r.client();
      await other.pairSetup(CODE);
      expect(r.store.isPaired()).toBe(true);
      const otherId = Buffer.from((other.getLongTermData() as { iOSDevicePairingID: string }).iOSDevicePairingID, "hex").toString();
      expect(r.store.list().map((p) => p.id)).toEqual([otherId]);
      // The stalled controller wakes up: its attempt is gone, so its M3 is refused and nothing is added.
      await expect(stalled.finishPairing(m2, CODE)).rejects.toMatchObject({ statusCode: 1 });
      expect(r.store.list()).toHaveLength(1);
    } finally {
      await r.close();
    }
  });

  test("a silent unverified socket is closed; a verified persistent session outlives it and still answers", async () => {
    // Pair on a first run of the box without the idle limit: hap-controller's SRP pauses longer than the limit.
    const kv = new MemoryStore();
    const first = await rig({ unverifiedIdleMs: 0 }, kv);
    const pairer = first.client();
    await pairer.pairSetup(CODE);
    const data = pairer.getLongTermData();
    await first.close();
    // 1.5 s: wide enough for hap-controller's own pair-verify steps on a loaded machine.
    const r = await rig({ unverifiedIdleMs: 1500 }, kv);
    try {
      const session = r.client(data, { usePersistentConnections: true });
      await session.getCharacteristics([TARGET_STATE]);
      const silent = await rawConnect(r.server.port);
      let silentClosed = false;
      silent.on("close", () => (silentClosed = true));
      await waitFor(() => silentClosed, "the silent socket closed by the server", 6000);
      await settle(3000); // twice the unverified time-out: the session must not have been closed
      expect(r.server.connectionCount).toBe(1);
      const read = (await session.getCharacteristics([TARGET_STATE])) as { characteristics: { value: unknown }[] };
      expect(read.characteristics[0].value).toBe(3);
      expect(r.server.connectionCount).toBe(1); // the same connection answered: no re-verify happened
    } finally {
      await r.close();
    }
  });

  test("link down drops sessions, keeps the pairing; link up re-announces; the controller verifies again and writes", async () => {
    const r = await rig({});
    try {
      const pairer = r.client();
      await pairer.pairSetup(CODE);
      const data = pairer.getLongTermData();
      const before = r.client(data, { usePersistentConnections: true });
      await before.getAccessories();
      expect(r.server.connectionCount).toBe(1);
      r.server.linkDown();
      await waitFor(() => r.server.connectionCount === 0, "sessions dropped");
      expect(r.store.isPaired()).toBe(true);
      r.server.linkUp();
      expect(r.advertiser.reannounced).toBe(1);
      expect(r.advertiser.txts[r.advertiser.txts.length - 1]).toMatchObject({ sf: "0" });
      const after = r.client(data, { usePersistentConnections: true });
      await after.setCharacteristics({ [TARGET_STATE]: 1 });
      expect(r.binding.state.target).toBe("HEAT");
      expect(r.server.connectionCount).toBe(1);
    } finally {
      await r.close();
    }
  });
});
