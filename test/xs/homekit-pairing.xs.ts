// A full pair-setup M1–M6, pair-verify M1–M4 and encrypted session round trip on XS, between our server classes
// and the test controller, with an in-memory store; then the slot rules and the pair-verify gate. Randomness is a
// deterministic SHA-512 counter (tests only).
import { bytesToHex, concatBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { PairSetup } from "../../homekit/pairing/pair-setup";
import { PairVerify } from "../../homekit/pairing/pair-verify";
import { handlePairings } from "../../homekit/pairing/pairings-tlv";
import type { SessionKeys } from "../../homekit/pairing/types";
import { SecureSession } from "../../homekit/session";
import { PAIR_METHOD, TLV, TLV_ERROR, decodeTlv, encodeTlv, tlvByte, tlvItemByte } from "../../homekit/tlv";
import { TestController, runPairSetup, runPairVerify } from "../homekit/pairing-controller";
import { MemoryPairingStore } from "../homekit/pairing-memory-store";
import { slotScenarios } from "../homekit/pairing-slot-scenarios";
import { gateScenarios } from "../homekit/verify-gate-scenarios";
import { assert, assertEqual, run, test } from "./harness";

const seedCrypto = createNobleCrypto();
let counter = 0;
/** Not secure: reproducible bytes so the suite is deterministic on an engine without a random source. */
function testRandom(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 64) out.set(seedCrypto.sha512(utf8Encode(`xs-test-${counter++}`)).subarray(0, Math.min(64, length - at)), at);
  return out;
}

const crypto = createNobleCrypto(testRandom);
const CODE = "031-45-154";
let yields = 0;
const yieldFn = async (): Promise<void> => {
  yields++;
  await Promise.resolve();
};

const store = new MemoryPairingStore(crypto, CODE);
const deps = { crypto, store, yieldFn };
const controller = new TestController(crypto, "XS-CONTROLLER-1");
let accessoryLtpk: Uint8Array = new Uint8Array(0);
let accessoryKeys: SessionKeys | undefined;
let controllerKeys: { encryptKey: Uint8Array; decryptKey: Uint8Array } | undefined;

const errorOf = (body: Uint8Array) => tlvByte(decodeTlv(body).items, TLV.Error);

test("wrong code: Authentication, failure counted", async () => {
  const pairSetup = new PairSetup(deps);
  const outcome = await runPairSetup(new TestController(crypto, "wrong"), async (b) => (await pairSetup.handle(1, b)).response, "031-45-155");
  assert(!outcome.ok && outcome.code === TLV_ERROR.Authentication, "wrong code refused with Authentication");
  assertEqual(store.failedAttempts(), 1);
});

test("pair-setup M1–M6 stores the admin pairing", async () => {
  const pairSetup = new PairSetup(deps);
  yields = 0;
  const outcome = await runPairSetup(controller, async (b) => (await pairSetup.handle(1, b)).response, CODE);
  assert(outcome.ok, outcome.ok ? "" : outcome.error);
  if (!outcome.ok) return;
  assertEqual(outcome.value.deviceId, store.identity().deviceId);
  accessoryLtpk = outcome.value.accessoryLtpk;
  assert(store.get(controller.id)?.admin === true, "admin pairing stored");
  assert(yields >= 6, `work was sliced (${yields} yields)`);
  const again = await pairSetup.handle(2, controller.pairSetupM1());
  assertEqual(errorOf(again.response), TLV_ERROR.Unavailable);
});

test("pair-verify M1–M4 gives mirrored session keys", async () => {
  const verify = new PairVerify(deps);
  const outcome = await runPairVerify(controller, async (b) => {
    const r = await verify.handle(b);
    if (r.session) accessoryKeys = r.session;
    return r.response;
  }, accessoryLtpk);
  assert(outcome.ok, outcome.ok ? "" : outcome.error);
  if (!outcome.ok || !accessoryKeys) return;
  controllerKeys = outcome.value;
  assertEqual(bytesToHex(accessoryKeys.encryptKey), bytesToHex(controllerKeys.decryptKey));
  assertEqual(bytesToHex(accessoryKeys.decryptKey), bytesToHex(controllerKeys.encryptKey));
});

test("an unknown controller fails pair-verify with Authentication", async () => {
  const verify = new PairVerify(deps);
  const outcome = await runPairVerify(new TestController(crypto, "stranger"), async (b) => (await verify.handle(b)).response, accessoryLtpk);
  assert(!outcome.ok && outcome.code === TLV_ERROR.Authentication, "stranger refused");
});

test("encrypted session: request and a 2.5 KB response cross in frames; a flipped bit is detected", () => {
  assert(accessoryKeys !== undefined && controllerKeys !== undefined, "verified first");
  if (!accessoryKeys || !controllerKeys) return;
  const accessory = new SecureSession(crypto, accessoryKeys);
  const phone = new SecureSession(crypto, controllerKeys);
  const request = utf8Encode("GET /accessories HTTP/1.1\r\nHost: x\r\n\r\n");
  const wire = phone.encrypt(request);
  const first = accessory.decrypt(wire.subarray(0, 7));
  const second = accessory.decrypt(wire.subarray(7));
  assertEqual(first.plain.length + second.plain.length, 1);
  assertEqual(utf8Decode(second.plain[0]), utf8Decode(request));
  const body = new Uint8Array(2500).map((_, i) => i & 0xff);
  const out = phone.decrypt(accessory.encrypt(body));
  assertEqual(out.plain.length, 3);
  assertEqual(bytesToHex(concatBytes(...out.plain)), bytesToHex(body));
  const bad = phone.encrypt(request);
  bad[4] ^= 1;
  assert(accessory.decrypt(bad).error !== undefined, "tampered frame refused");
});

test("pairings: list shows the admin; removing it unpairs", () => {
  assert(accessoryKeys !== undefined, "verified first");
  if (!accessoryKeys) return;
  const list = handlePairings({ store }, accessoryKeys, encodeTlv([tlvItemByte(TLV.State, 1), tlvItemByte(TLV.Method, PAIR_METHOD.ListPairings)]));
  assertEqual(utf8Decode(decodeTlv(list.response).items.find((i) => i.type === TLV.Identifier)?.value ?? new Uint8Array(0)), controller.id);
  const removed = handlePairings({ store }, accessoryKeys, encodeTlv([tlvItemByte(TLV.State, 1), tlvItemByte(TLV.Method, PAIR_METHOD.RemovePairing), { type: TLV.Identifier, value: utf8Encode(controller.id) }]));
  assertEqual(removed.unpaired, true);
  assertEqual(store.isPaired(), false);
});

test("malformed bodies give error TLVs on XS too", async () => {
  const pairSetup = new PairSetup(deps);
  for (const body of [new Uint8Array(0), Uint8Array.of(6, 9), Uint8Array.of(6, 1, 3), Uint8Array.of(6, 1, 5, 5, 0)]) {
    const reply = await pairSetup.handle(3, body);
    assert(errorOf(reply.response) !== undefined, `error for ${bytesToHex(body)}`);
  }
});

// The pair-setup slot rules and the pair-verify gate, on a virtual clock (the same scenarios jest runs).
const check = {
  equal: (actual: unknown, expected: unknown, message: string) => assertEqual(actual, expected, message),
  ok: (condition: unknown, message: string) => assert(condition, message),
};
for (const scenario of [...slotScenarios, ...gateScenarios]) test(`rules: ${scenario.name}`, () => scenario.run(check));

await run("homekit-pairing");
