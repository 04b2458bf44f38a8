// Pairing under attack on 127.0.0.1, with the third-party controller hap-controller as the owner: an M1 re-sender
// holding the pair-setup slot, an intruder's M3/M5 on another connection, and a flood of pair-verify M1s.
import * as net from "node:net";
import { webcrypto } from "node:crypto";
import { nodeTimers } from "../../hal/node/clock";
import { NodeTcpNetwork } from "../../hal/node/tcp";
import type { Logger } from "../../hal/types";
import { thermostatDatabase } from "../../homekit/accessory";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import type { HapCrypto } from "../../homekit/crypto/types";
import { KvPairingStore } from "../../homekit/pairing-store";
import { HapServer, type HapServerOptions } from "../../homekit/server";
import { PAIR_METHOD, PAIR_STATE, TLV, TLV_ERROR, decodeTlv, encodeTlv, tlvByte, tlvItemByte } from "../../homekit/tlv";
import { TestController } from "./pairing-controller";
import { FakeBinding, TEST_INFO } from "./support/fake-binding";
import { HttpClient, settle } from "./support/hap-client";
import { MemoryStore } from "./support/memory-store";

const CODE = "101-48-005";
const TLV8 = "application/pairing+tlv8";
const nobleCrypto = createNobleCrypto((n) => webcrypto.getRandomValues(new Uint8Array(n)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Rig {
  server: HapServer;
  store: KvPairingStore;
  logs: string[];
  client(data?: unknown): HttpClient;
  close(): Promise<void>;
}

async function rig(options: Partial<HapServerOptions> = {}, crypto: HapCrypto = nobleCrypto): Promise<Rig> {
  const logs: string[] = [];
  const logger: Logger = { log: (_level, message) => void logs.push(message) };
  const store = new KvPairingStore({ store: new MemoryStore(), crypto, setupCode: CODE, generateSetupCode: () => CODE });
  const server = new HapServer({
    network: new NodeTcpNetwork(), timers: nodeTimers, logger, crypto, store,
    database: thermostatDatabase(TEST_INFO, new FakeBinding()), name: "Attacked", model: "DL-1", port: 0, bind: "127.0.0.1", pollIntervalMs: 0,
    ...options,
  });
  await server.start();
  const clients: HttpClient[] = [];
  return {
    server, store, logs,
    client(data) {
      const c = new HttpClient(store.identity().deviceId, "127.0.0.1", server.port, data as never);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) await c.close().catch(() => undefined);
      await server.close();
    },
  };
}

/** A hostile peer speaking plain HTTP/1.1 keep-alive over one socket: one request at a time, answers read by length. */
class RawPeer {
  closed = false;
  private buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.waiter?.();
    });
    socket.on("close", () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on("error", () => undefined);
  }

  static connect(port: number, from?: string): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: "127.0.0.1", localAddress: from }, () => resolve(new RawPeer(socket)));
      socket.once("error", reject);
    });
  }

  /** POST a TLV body; resolves with the answer's [State, Error], or undefined if the server closed first. */
  async post(path: string, body: Uint8Array): Promise<{ state?: number; error?: number } | undefined> {
    this.socket.write(Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${TLV8}\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    for (;;) {
      const headEnd = this.buffer.indexOf("\r\n\r\n");
      if (headEnd >= 0) {
        const length = Number(/content-length: *(\d+)/i.exec(this.buffer.subarray(0, headEnd).toString())?.[1] ?? "0");
        if (this.buffer.length >= headEnd + 4 + length) {
          const items = decodeTlv(new Uint8Array(this.buffer.subarray(headEnd + 4, headEnd + 4 + length))).items;
          this.buffer = this.buffer.subarray(headEnd + 4 + length);
          return { state: tlvByte(items, TLV.State), error: tlvByte(items, TLV.Error) };
        }
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

const PAIR_SETUP_M1 = encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M1), tlvItemByte(TLV.Method, PAIR_METHOD.PairSetup)]);

describe("pairing under attack over TCP, hap-controller as the owner", () => {
  test("an M1 re-sent every 20 s holds the slot for 30 s at most: the owner, retrying on Busy from 1 s, pairs within 35 s", async () => {
    // Real time and the real 30 s limit (nothing injected): the test takes about 31 s.
    const r = await rig();
    const attacker = await RawPeer.connect(r.server.port);
    const started = Date.now();
    const attackerAnswers: ({ state?: number; error?: number } | undefined)[] = [];
    attackerAnswers.push(await attacker.post("/pair-setup", PAIR_SETUP_M1));
    const resend = setInterval(() => void attacker.post("/pair-setup", PAIR_SETUP_M1).then((a) => attackerAnswers.push(a)), 20_000);
    try {
      expect(attackerAnswers[0]).toEqual({ state: PAIR_STATE.M2, error: undefined });
      await sleep(1000);
      let busy = 0;
      for (;;) {
        expect(Date.now() - started).toBeLessThan(35_000);
        const owner = r.client();
        try {
          await owner.pairSetup(CODE);
          break;
        } catch (error) {
          expect(error).toMatchObject({ statusCode: TLV_ERROR.Busy });
          busy++;
          // hap-controller leaves its connection open after a Busy M2 (its M2 check rejects outside its try): close
          // it, as iOS would, or 15 leftovers fill the server and evict the attacker, which is not what is tested here.
          await owner.close();
          await sleep(1000);
        }
      }
      const pairedAtMs = Date.now() - started;
      expect(r.store.isPaired()).toBe(true);
      expect(pairedAtMs).toBeLessThan(35_000);
      // The attack was real: the owner was turned away ~29 times, and the re-sent M1 at 20 s restarted the attacker's exchange.
      expect(busy).toBeGreaterThanOrEqual(25);
      expect(attackerAnswers[1]).toEqual({ state: PAIR_STATE.M2, error: undefined });
      expect(r.logs).toContain("hap: pair-setup attempt past its limit taken over by another controller");
    } finally {
      clearInterval(resend);
      attacker.close();
      await r.close();
    }
  }, 45_000);

  test("another connection's M3, M5 and M1 are Busy; the holder's exchange is unharmed and it pairs", async () => {
    const r = await rig();
    try {
      const holder = r.client();
      const m2 = await holder.startPairing();
      const intruder = await RawPeer.connect(r.server.port);
      const forged = encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M3), { type: TLV.PublicKey, value: new TestController(nobleCrypto, "x").ltpk }, { type: TLV.Proof, value: new Uint8Array(64).fill(7) }]);
      expect(await intruder.post("/pair-setup", forged)).toEqual({ state: PAIR_STATE.M4, error: TLV_ERROR.Busy });
      const m5 = encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M5), { type: TLV.EncryptedData, value: new Uint8Array(120).fill(1) }]);
      expect(await intruder.post("/pair-setup", m5)).toEqual({ state: PAIR_STATE.M6, error: TLV_ERROR.Busy });
      expect(await intruder.post("/pair-setup", PAIR_SETUP_M1)).toEqual({ state: PAIR_STATE.M2, error: TLV_ERROR.Busy });
      intruder.close();
      await holder.finishPairing(m2, CODE);
      const holderId = Buffer.from((holder.getLongTermData() as { iOSDevicePairingID: string }).iOSDevicePairingID, "hex").toString();
      expect(r.store.list().map((p) => p.id)).toEqual([holderId]);
      expect(r.store.failedAttempts()).toBe(0);
    } finally {
      await r.close();
    }
  });

  test("a flood of pair-verify M1s from 12 connections does not stop the paired controller from verifying and reading within 4 s", async () => {
    // The chip's cost, scaled: on the ESP32 an M1 takes ~3 s of pure-JS crypto, here 3 slices of 100 ms (busy-waited),
    // a 0.1 scale. iOS gives each exchange ~10 s, 1 s here: verify (M1, M3) and read (GET) are 3 s, plus 1 s because
    // this controller shares the server's event loop (each of its own steps may wait behind a 100 ms slice).
    // Seen: 1.4–1.7 s with the gate; 20.8 s without it.
    const SLICE_MS = 100;
    const BOUND_MS = 4000;
    let slow = false;
    const burn = () => {
      const until = Date.now() + (slow ? SLICE_MS : 0);
      while (Date.now() < until);
    };
    const crypto: HapCrypto = Object.create(nobleCrypto) as HapCrypto;
    crypto.x25519KeyPair = () => (burn(), nobleCrypto.x25519KeyPair());
    crypto.x25519SharedSecret = (s, p) => (burn(), nobleCrypto.x25519SharedSecret(s, p));
    crypto.ed25519Sign = (s, m) => (burn(), nobleCrypto.ed25519Sign(s, m));
    const r = await rig({}, crypto);
    const FLOODERS = 12;
    let stop = false;
    let floodM1s = 0;
    const flooder = async () => {
      while (!stop) {
        // All from 127.0.0.2: one hostile device on the LAN, as many connections as it likes.
        const peer = await RawPeer.connect(r.server.port, "127.0.0.2").catch(() => undefined);
        while (peer !== undefined && !stop && !peer.closed) {
          const answer = await peer.post("/pair-verify", new TestController(nobleCrypto, "flood").pairVerifyM1());
          if (answer?.state === PAIR_STATE.M2 && answer.error === undefined) floodM1s++;
        }
        peer?.close();
        await sleep(20);
      }
    };
    try {
      const pairer = r.client();
      await pairer.pairSetup(CODE);
      const data = pairer.getLongTermData();
      slow = true;
      const flooders = Array.from({ length: FLOODERS }, flooder);
      await sleep(1500); // the flood is in full swing
      const started = Date.now();
      let failures = 0;
      for (;;) {
        try {
          await r.client(data).getAccessories();
          break;
        } catch {
          failures++;
          await sleep(100);
        }
        expect(Date.now() - started).toBeLessThan(BOUND_MS * 3);
      }
      const verifiedMs = Date.now() - started;
      stop = true;
      await Promise.all(flooders);
      expect({ verifiedMs: verifiedMs < BOUND_MS, failures }).toEqual({ verifiedMs: true, failures: 0 });
      expect(floodM1s).toBeGreaterThan(0); // the flood was computed, not just refused
    } finally {
      stop = true;
      slow = false;
      await settle(50);
      await r.close();
    }
  }, 30_000);
});
