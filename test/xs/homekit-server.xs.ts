// The HAP server side on XS: HTTP framing, the accessory database, TXT bytes, events, the crash-safe pairing
// store, and the whole HapServer (pairing over HTTP, encrypted session, events) over an in-memory network.
import { thermostatDatabase } from "../../homekit/accessory";
import { utf8Decode, utf8Encode } from "../../lib/bytes";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { EventHub } from "../../homekit/events";
import { encodeHapResponse } from "../../homekit/hap-http";
import { HttpRequestParser } from "../../lib/http";
import { KvPairingStore } from "../../homekit/pairing-store";
import { encodeTxtBytes, hapTxtRecord } from "../../homekit/txt";
import { serverScenarios } from "../homekit/server-scenarios";
import { FakeBinding, TEST_INFO } from "../homekit/support/fake-binding";
import { MemoryStore } from "../homekit/support/memory-store";
import { assert, assertEqual, run, test } from "./harness";

test("http: pipelined requests split across chunks, then a bad one", () => {
  const parser = new HttpRequestParser();
  const text = "PUT /characteristics HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}GET /characteristics?id=1.12%2C1.13&ev=1 HTTP/1.1\r\n\r\n";
  const bytes = utf8Encode(text);
  const first = parser.push(bytes.subarray(0, 40));
  const second = parser.push(bytes.subarray(40));
  const all = first.requests.concat(second.requests);
  assertEqual(all.map((r) => `${r.method} ${r.path}`), ["PUT /characteristics", "GET /characteristics"]);
  assertEqual(all[1].query, { id: "1.12,1.13", ev: "1" });
  assertEqual(utf8Decode(all[0].body), "{}");
  assertEqual(parser.push(utf8Encode("NOPE\r\n\r\n")).error, "bad request line");
});

test("http: response framing with a byte length", () => {
  assertEqual(utf8Decode(encodeHapResponse({ status: 470 })), "HTTP/1.1 470 Connection Authorization Required\r\nContent-Length: 0\r\n\r\n");
});

test("database: tree, statuses and HEAT refusal through the binding", () => {
  const binding = new FakeBinding();
  const db = thermostatDatabase(TEST_INFO, binding);
  const services = (db.toJson().accessories[0] as { services: { type: string; iid: number }[] }).services;
  assertEqual(services.map((s) => [s.type, s.iid]), [["3E", 1], ["A2", 8], ["4A", 10], ["80", 17]]);
  assertEqual(db.write(1, 11, 1, { sessionId: 1 }).status, -70404);
  assertEqual(db.write(1, 12, 2, { sessionId: 1 }).status, -70410);
  assertEqual(db.read(1, 99).status, -70409);
  assertEqual(db.notifyStatus(1, 3), -70406);
  binding.refuseHeat = true;
  assertEqual(db.write(1, 12, 1, { sessionId: 1 }), { status: 0, value: 3 });
  assertEqual(db.write(1, 14, 21.44, { sessionId: 1 }), { status: 0, value: 21.4 });
});

test("txt: length-prefixed bytes for Moddable mdns", () => {
  const record = hapTxtRecord({ configNumber: 2, deviceId: "AA:BB:CC:DD:EE:FF", model: "DL-1", paired: true, category: 9, setupHash: "abcd" });
  const bytes = encodeTxtBytes(record);
  assertEqual(bytes[0], 4);
  assertEqual(utf8Decode(bytes.subarray(1, 5)), "c#=2");
  assert(utf8Decode(bytes).indexOf("sf=0") > 0, "sf=0 when paired");
});

test("events: coalesced, writer excluded", () => {
  const hub = new EventHub(() => undefined);
  hub.subscribe(1, 1, 12);
  hub.subscribe(2, 1, 12);
  hub.publish([{ aid: 1, iid: 12, value: 1 }], 1);
  hub.publish([{ aid: 1, iid: 12, value: 3 }], 1);
  assertEqual(hub.take(1), []);
  assertEqual(hub.take(2), [{ aid: 1, iid: 12, value: 3 }]);
});

test("pairing store: a power cut during a pairing write keeps the old list", () => {
  let n = 0;
  const crypto = createNobleCrypto((length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = (n++ * 37 + 11) & 0xff;
    return out;
  });
  const kv = new MemoryStore();
  const store = new KvPairingStore({ store: kv, crypto, setupCode: "031-45-154", generateSetupCode: () => "031-45-154" });
  store.add({ id: "A", ltpk: new Uint8Array(32).fill(1), admin: true });
  kv.failAfterSets = 1;
  let threw = false;
  try {
    store.add({ id: "B", ltpk: new Uint8Array(32).fill(2), admin: false });
  } catch {
    threw = true;
  }
  assert(threw, "the simulated cut interrupted the write");
  kv.failAfterSets = Infinity;
  const reopened = new KvPairingStore({ store: kv, crypto, generateSetupCode: () => "000-00-001" });
  assertEqual(reopened.list().map((p) => p.id), ["A"]);
  assertEqual(reopened.identity().deviceId, store.identity().deviceId);
});

const check = {
  equal: (actual: unknown, expected: unknown, message: string) => assertEqual(actual, expected, message),
  ok: (condition: unknown, message: string) => assert(condition, message),
};
for (const scenario of serverScenarios) test(`server: ${scenario.name}`, () => scenario.run(check));

await run("homekit-server");
