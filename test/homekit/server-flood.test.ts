// A connect flood in the middle of a pairing exchange, on 127.0.0.1 with the third-party controller hap-controller:
// hundreds of fresh connections arrive between its steps, and the exchange still completes (it is not evicted).
import { webcrypto } from "node:crypto";
import type * as net from "node:net";
import PairingProtocol from "hap-controller/lib/protocol/pairing-protocol";
import * as httpConnectionModule from "hap-controller/lib/transport/ip/http-connection";
import type HttpConnectionType from "hap-controller/lib/transport/ip/http-connection";
import { nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import { thermostatDatabase } from "../../homekit/accessory";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { KvPairingStore } from "../../homekit/pairing-store";
import { HapServer } from "../../homekit/server";
import { connectFlood } from "../net/attack-clients";
import { FakeBinding, TEST_INFO } from "./support/fake-binding";
import { HttpClient, settle, waitFor } from "./support/hap-client";
import { MemoryStore } from "./support/memory-store";

type HttpConnectionClass = typeof HttpConnectionType;
// swc (jest) and tsx disagree on CommonJS default interop: accept both shapes (as support/hap-client does).
const loaded = httpConnectionModule as unknown as { default: HttpConnectionClass & { default?: HttpConnectionClass } };
const HttpConnection: HttpConnectionClass = loaded.default.default ?? loaded.default;

const CODE = "101-48-005";
const TLV8 = "application/pairing+tlv8";
/** "Hundreds of connects": 300 against 16 places, far more than the table holds. */
const FLOOD = 300;
const crypto = createNobleCrypto((n) => webcrypto.getRandomValues(new Uint8Array(n)));

async function startServer(kv = new MemoryStore()): Promise<{ server: HapServer; store: KvPairingStore; logs: string[] }> {
  const logs: string[] = [];
  const store = new KvPairingStore({ store: kv, crypto, setupCode: CODE, generateSetupCode: () => CODE });
  const server = new HapServer({
    network: new NodeTcpNetwork(), timers: nodeTimers, logger: { log: (_l, message) => void logs.push(message) }, crypto, store,
    database: thermostatDatabase(TEST_INFO, new FakeBinding()), name: "Flood", model: "DL-1", port: 0, bind: "127.0.0.1", pollIntervalMs: 0,
  });
  await server.start();
  return { server, store, logs };
}

/** Flood, then wait until the server has taken in every connection (it holds at most 16). */
async function flood(server: HapServer): Promise<net.Socket[]> {
  const sockets = await connectFlood(server.port, FLOOD);
  await settle(300);
  expect(server.connectionCount).toBeLessThanOrEqual(16);
  return sockets;
}

describe("a connect flood during a pairing exchange", () => {
  test("pair-verify: 300 connects between M2 and M3; M3/M4 still complete and the session reads", async () => {
    const kv = new MemoryStore();
    const { server, store } = await startServer(kv);
    const pairer = new HttpClient(store.identity().deviceId, "127.0.0.1", server.port);
    await pairer.pairSetup(CODE);
    const protocol = new PairingProtocol(pairer.getLongTermData() as never);
    const connection = new HttpConnection("127.0.0.1", server.port);
    let sockets: net.Socket[] = [];
    try {
      const m2 = await connection.post("/pair-verify", await protocol.buildPairVerifyM1(), TLV8);
      await protocol.parsePairVerifyM2(m2.body);
      sockets = await flood(server);
      const m4 = await connection.post("/pair-verify", await protocol.buildPairVerifyM3(), TLV8);
      await protocol.parsePairVerifyM4(m4.body); // throws on an error TLV: an evicted exchange is gone
      connection.setSessionKeys(protocol.getSessionKeys());
      const read = await connection.get("/characteristics?id=1.12");
      expect(read.statusCode).toBe(200);
      expect(JSON.parse(read.body.toString()).characteristics[0]).toMatchObject({ aid: 1, iid: 12 });
    } finally {
      for (const s of sockets) s.destroy();
      connection.close();
      await server.close();
    }
  });

  test("pair-setup: 300 connects between M2 and M3; the controller still pairs", async () => {
    const { server, store } = await startServer();
    const controller = new HttpClient(store.identity().deviceId, "127.0.0.1", server.port);
    let sockets: net.Socket[] = [];
    try {
      const m2 = await controller.startPairing(); // M1 → M2 on its own connection
      sockets = await flood(server);
      await controller.finishPairing(m2, CODE); // M3 → M6 on that same connection
      await waitFor(() => store.isPaired(), "the pairing stored");
      expect(store.list()).toHaveLength(1);
    } finally {
      for (const s of sockets) s.destroy();
      await server.close();
    }
  });
});
