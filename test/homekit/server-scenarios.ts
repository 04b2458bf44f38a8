// HapServer scenarios over an in-memory network, written once and run by jest (server.test.ts) and on XS
// (test/xs/homekit-server.xs.ts): routing, 470, pipelining, pairing through HTTP, sessions, events, unpairing.
import type { Logger } from "../../hal/types";
import { thermostatDatabase } from "../../homekit/accessory";
import { utf8Encode } from "../../lib/bytes";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { AccessoryDatabase } from "../../homekit/database";
import { KvPairingStore } from "../../homekit/pairing-store";
import { HapServer } from "../../homekit/server";
import { PAIR_METHOD, PAIR_STATE, TLV, TLV_ERROR, decodeTlv, encodeTlv, tlvByte, tlvItemByte } from "../../homekit/tlv";
import { TestController, runPairSetup, runPairVerify } from "./pairing-controller";
import { FakeBinding, TEST_INFO } from "./support/fake-binding";
import { WireClient, json, type WireMessage } from "./support/hap-wire";
import { MemoryNetwork, drain } from "./support/memory-network";
import { MemoryStore } from "./support/memory-store";
import { RecordingAdvertiser } from "./support/recording-advertiser";
import { VirtualTimers } from "./support/virtual-timers";

export interface Check {
  equal(actual: unknown, expected: unknown, message: string): void;
  ok(condition: unknown, message: string): void;
}

export interface Scenario {
  name: string;
  run(check: Check): Promise<void>;
}

export const CODE = "031-45-154";
const seed = createNobleCrypto();
let counter = 0;
/** Deterministic bytes (tests only): XS has no random source of its own here. */
function testRandom(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 64) out.set(seed.sha512(utf8Encode(`server-scenario-${counter++}`)).subarray(0, Math.min(64, length - at)), at);
  return out;
}
export const crypto = createNobleCrypto(testRandom);
const silent: Logger = { log: () => undefined };

export interface Rig {
  network: MemoryNetwork;
  timers: VirtualTimers;
  advertiser: RecordingAdvertiser;
  server: HapServer;
  store: KvPairingStore;
  kv: MemoryStore;
  binding: FakeBinding;
}

export interface RigOptions {
  maxConnections?: number;
  kv?: MemoryStore;
  database?: AccessoryDatabase;
  pairSetupLimitMs?: number;
  unverifiedIdleMs?: number;
}

export async function rig(options: RigOptions = {}): Promise<Rig> {
  const network = new MemoryNetwork();
  const timers = new VirtualTimers();
  const advertiser = new RecordingAdvertiser();
  const kv = options.kv ?? new MemoryStore();
  const binding = new FakeBinding();
  const store = new KvPairingStore({ store: kv, crypto, setupCode: CODE, generateSetupCode: () => CODE });
  const server = new HapServer({
    network, timers, logger: silent, crypto, store, advertiser,
    database: options.database ?? thermostatDatabase(TEST_INFO, binding),
    name: "Test", model: "DL-1", port: 0, pollIntervalMs: 0, eventCoalesceMs: 0,
    maxConnections: options.maxConnections, identify: () => binding.identify(),
    pairSetupLimitMs: options.pairSetupLimitMs, unverifiedIdleMs: options.unverifiedIdleMs,
  });
  await server.start();
  return { network, timers, advertiser, server, store, kv, binding };
}

export const TLV8 = "application/pairing+tlv8";

/** Pair through POST /pair-setup, then verify and secure `count` connections. */
export async function pairAndVerify(r: Rig, check: Check, count: number): Promise<{ controller: TestController; sessions: WireClient[] }> {
  const controller = new TestController(crypto, "CONTROLLER-A");
  const setupWire = new WireClient(r.network);
  const setup = await runPairSetup(controller, async (b) => (await setupWire.request("POST", "/pair-setup", b, TLV8)).body, CODE);
  check.ok(setup.ok, "pair-setup over HTTP succeeded");
  if (!setup.ok) throw new Error(setup.error);
  lastPairing = { controller, accessoryLtpk: setup.value.accessoryLtpk };
  const sessions: WireClient[] = [];
  for (let i = 0; i < count; i++) {
    const wire = new WireClient(r.network);
    const verified = await runPairVerify(controller, async (b) => (await wire.request("POST", "/pair-verify", b, TLV8)).body, setup.value.accessoryLtpk);
    check.ok(verified.ok, "pair-verify over HTTP succeeded");
    if (!verified.ok) throw new Error(verified.error);
    wire.secure(crypto, verified.value);
    sessions.push(wire);
  }
  return { controller, sessions };
}

const statusOf = (m: WireMessage) => m.status;

let lastPairing: { controller: TestController; accessoryLtpk: Uint8Array } | undefined;

/** One more verified session for the controller paired by the last pairAndVerify. */
export async function pairAndVerifyAgain(r: Rig, check: Check): Promise<WireClient> {
  if (lastPairing === undefined) throw new Error("pair first");
  const wire = new WireClient(r.network);
  const verified = await runPairVerify(lastPairing.controller, async (b) => (await wire.request("POST", "/pair-verify", b, TLV8)).body, lastPairing.accessoryLtpk);
  check.ok(verified.ok, "extra pair-verify succeeded");
  if (!verified.ok) throw new Error(verified.error);
  wire.secure(crypto, verified.value);
  return wire;
}

export const serverScenarios: Scenario[] = [
  {
    name: "unpaired: identify 204, protected routes 470 in plaintext, unknown 404, wrong method 405",
    async run(check) {
      const r = await rig();
      const wire = new WireClient(r.network);
      check.equal(statusOf(await wire.request("POST", "/identify")), 204, "identify");
      check.equal(r.binding.identified, 1, "identify reached the binding");
      const denied = await wire.request("GET", "/accessories");
      check.equal([denied.status, json(denied).status], [470, -70401], "470 before pair-verify");
      check.equal(statusOf(await wire.request("PUT", "/characteristics", '{"characteristics":[]}')), 470, "PUT 470");
      check.equal(statusOf(await wire.request("GET", "/nope")), 404, "unknown path");
      check.equal(statusOf(await wire.request("GET", "/pair-setup")), 405, "wrong method");
      check.equal(r.server.txt().sf, "1", "sf=1 while unpaired");
      await r.server.close();
    },
  },
  {
    name: "pipelined requests in one write are answered in order; a bad one closes only its connection",
    async run(check) {
      const r = await rig();
      const wire = new WireClient(r.network);
      const other = new WireClient(r.network);
      wire.sendRaw(utf8Encode("POST /identify HTTP/1.1\r\n\r\nGET /accessories HTTP/1.1\r\n\r\nGET /x HTTP/1.1\r\n\r\nJUNK\r\n\r\n"));
      await wire.waitFor(() => wire.client.closed, "close after junk");
      check.equal(wire.responses().map(statusOf), [204, 470, 404, 400], "statuses in order, then 400");
      check.equal(statusOf(await other.request("POST", "/identify")), 204, "the other connection still works");
      await r.server.close();
    },
  },
  {
    name: "a pair-setup in progress on one connection answers Busy on another, until that connection closes",
    async run(check) {
      const r = await rig();
      const first = new WireClient(r.network);
      const second = new WireClient(r.network);
      const m1 = encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M1), tlvItemByte(TLV.Method, PAIR_METHOD.PairSetup)]);
      const m2 = decodeTlv((await first.request("POST", "/pair-setup", m1, TLV8)).body).items;
      check.equal(tlvByte(m2, TLV.State), PAIR_STATE.M2, "first gets M2");
      check.equal(tlvByte(decodeTlv((await second.request("POST", "/pair-setup", m1, TLV8)).body).items, TLV.Error), TLV_ERROR.Busy, "second is Busy");
      first.client.socket.close();
      await second.waitFor(() => r.server.connectionCount === 1, "first connection gone");
      const retry = decodeTlv((await second.request("POST", "/pair-setup", m1, TLV8)).body).items;
      check.equal([tlvByte(retry, TLV.State), tlvByte(retry, TLV.Error)], [PAIR_STATE.M2, undefined], "second may pair now");
      await r.server.close();
    },
  },
  {
    name: "pair over HTTP, then encrypted /accessories, reads and a 207 for an invalid value",
    async run(check) {
      const r = await rig();
      const { sessions } = await pairAndVerify(r, check, 1);
      check.equal(r.server.txt().sf, "0", "sf=0 once paired");
      const s = sessions[0];
      const accessories = await s.request("GET", "/accessories");
      check.equal(accessories.status, 200, "accessories 200");
      check.equal((json(accessories).accessories as { aid: number }[])[0].aid, 1, "aid 1");
      const read = await s.request("GET", "/characteristics?id=1.12,1.99");
      check.equal(read.status, 207, "one missing id → 207");
      check.equal(json(read).characteristics, [{ aid: 1, iid: 12, value: 3, status: 0 }, { aid: 1, iid: 99, status: -70409 }], "207 body");
      const bad = await s.request("PUT", "/characteristics", '{"characteristics":[{"aid":1,"iid":12,"value":2},{"aid":1,"iid":14,"value":22}]}');
      check.equal(bad.status, 207, "invalid value → 207");
      check.equal(json(bad).characteristics, [{ aid: 1, iid: 12, status: -70410 }, { aid: 1, iid: 14, status: 0 }], "per-entry statuses");
      const ok = await s.request("PUT", "/characteristics", '{"characteristics":[{"aid":1,"iid":12,"value":1}]}');
      check.equal(ok.status, 204, "valid write → 204");
      const withResponse = await s.request("PUT", "/characteristics", '{"characteristics":[{"aid":1,"iid":12,"value":3,"r":true}]}');
      check.equal(json(withResponse).characteristics, [{ aid: 1, iid: 12, status: 0, value: 3 }], "write response (r) carries the value");
      check.equal(statusOf(await s.request("PUT", "/characteristics", "{not json")), 400, "bad JSON → 400");
      check.equal(statusOf(await s.request("POST", "/identify")), 400, "identify refused once paired");
      await r.server.close();
    },
  },
  {
    name: "events: to other subscribers only; a corrected write goes to the writer too, after its responses",
    async run(check) {
      const r = await rig();
      const { sessions } = await pairAndVerify(r, check, 2);
      const [writer, listener] = sessions;
      const subscribe = '{"characteristics":[{"aid":1,"iid":12,"ev":true},{"aid":1,"iid":11,"ev":true}]}';
      check.equal(statusOf(await writer.request("PUT", "/characteristics", subscribe)), 204, "writer subscribes");
      check.equal(statusOf(await listener.request("PUT", "/characteristics", subscribe)), 204, "listener subscribes");
      const notify = await listener.request("PUT", "/characteristics", '{"characteristics":[{"aid":1,"iid":3,"ev":true}]}');
      check.equal(json(notify).characteristics, [{ aid: 1, iid: 3, status: -70406 }], "notify on a pr-only characteristic → -70406");
      await writer.request("PUT", "/characteristics", '{"characteristics":[{"aid":1,"iid":12,"value":1}]}');
      await listener.waitFor(() => listener.events().length === 1, "listener event");
      check.equal(json(listener.events()[0]).characteristics, [{ aid: 1, iid: 12, value: 1 }], "listener hears HEAT");
      await drain(200);
      check.equal(writer.events().length, 0, "the writer hears nothing of its own write");

      // Engine refuses HEAT: the writer pipelines the write and a read; the correction comes after both answers.
      r.binding.state.target = "AUTO";
      r.server.refresh();
      await listener.waitFor(() => listener.events().length === 2, "AUTO after refresh");
      await writer.waitFor(() => writer.events().length === 1, "writer AUTO after refresh");
      r.binding.refuseHeat = true;
      const body = '{"characteristics":[{"aid":1,"iid":12,"value":1}]}';
      writer.sendRaw(utf8Encode(`PUT /characteristics HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}GET /characteristics?id=1.12 HTTP/1.1\r\n\r\n`));
      await writer.waitFor(() => writer.events().length === 2, "corrective event to the writer");
      const order = writer.messages.slice(-3).map((m) => `${m.protocol} ${m.status}`);
      check.equal(order, ["HTTP/1.1 204", "HTTP/1.1 200", "EVENT/1.0 200"], "event only after the queued responses");
      check.equal(json(writer.events()[1]).characteristics, [{ aid: 1, iid: 12, value: 3 }], "writer told AUTO");
      await listener.waitFor(() => listener.events().length === 3, "listener AUTO");
      check.equal(json(listener.events()[2]).characteristics, [{ aid: 1, iid: 12, value: 3 }], "listener told AUTO");
      await r.server.close();
    },
  },
  {
    name: "connection limit: the oldest unverified connection makes room; verified sessions are never evicted",
    async run(check) {
      const r = await rig({ maxConnections: 2 });
      const { sessions } = await pairAndVerify(r, check, 1);
      await drain(20);
      const idle = new WireClient(r.network);
      await drain(20);
      check.equal(r.server.connectionCount, 2, "session + idle");
      const newcomer = new WireClient(r.network);
      await drain(20);
      check.ok(idle.client.closed && !newcomer.client.closed && !sessions[0].client.closed, "idle evicted for the newcomer");
      const accessories = await sessions[0].request("GET", "/accessories");
      check.equal(accessories.status, 200, "the session still answers");
      // Fill the table with verified sessions only: now a newcomer is refused.
      newcomer.client.socket.close();
      await drain(20);
      const second = await pairAndVerifyAgain(r, check);
      const refused = new WireClient(r.network);
      await drain(20);
      check.ok(refused.client.closed && !second.client.closed, "refused when every slot holds a session");
      await r.server.close();
    },
  },
  {
    name: "link down closes every session but keeps the pairings; link up re-announces",
    async run(check) {
      const r = await rig();
      const { sessions } = await pairAndVerify(r, check, 2);
      r.server.linkDown();
      await sessions[0].waitFor(() => sessions[0].client.closed && sessions[1].client.closed, "sessions closed");
      check.equal(r.server.connectionCount, 0, "no connection left");
      check.equal(r.store.isPaired(), true, "pairing kept");
      r.server.linkUp();
      await r.server.close();
    },
  },
  {
    name: "removing the last admin over /pairings: reply, sessions closed, unpaired, pair-setup works again",
    async run(check) {
      const r = await rig();
      const { controller, sessions } = await pairAndVerify(r, check, 2);
      const remove = encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M1), tlvItemByte(TLV.Method, PAIR_METHOD.RemovePairing), { type: TLV.Identifier, value: utf8Encode(controller.id) }]);
      const reply = await sessions[0].request("POST", "/pairings", remove, TLV8);
      check.equal(tlvByte(decodeTlv(reply.body).items, TLV.State), PAIR_STATE.M2, "M2 reply");
      await sessions[0].waitFor(() => sessions[0].client.closed && sessions[1].client.closed, "sessions closed");
      check.equal(r.store.isPaired(), false, "unpaired");
      check.equal(r.server.txt().sf, "1", "sf back to 1");
      await pairAndVerify(r, check, 1);
      check.equal(r.store.isPaired(), true, "paired again");
      await r.server.close();
    },
  },
  {
    name: "c# stays across restarts with the same database and moves when its shape changes",
    async run(check) {
      const kv = new MemoryStore();
      const first = await rig({ kv });
      check.equal(first.server.txt()["c#"], "1", "c# 1");
      await first.server.close();
      const same = await rig({ kv });
      check.equal(same.server.txt()["c#"], "1", "same shape keeps c#");
      await same.server.close();
      const smaller = new AccessoryDatabase([{ aid: 1, services: [{ kind: "ContactSensor", characteristics: [{ kind: "ContactSensorState", value: 0 }] }] }]);
      const changed = await rig({ kv, database: smaller });
      check.equal(changed.server.txt()["c#"], "2", "new shape bumps c#");
      await changed.server.close();
    },
  },
];
