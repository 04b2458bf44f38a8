// Pair-verify M1–M4 against the test controller: session keys that mirror each other, and every refusal path.
import fc from "fast-check";
import { PairVerify } from "../../homekit/pairing/pair-verify";
import { PAIR_STATE, TLV, TLV_ERROR, decodeTlv, encodeTlv, tlvByte, tlvItemByte } from "../../homekit/tlv";
import { TestController, runPairSetup, runPairVerify } from "./pairing-controller";
import { SETUP_CODE, pairingFixture } from "./pairing-fixture";

const errorOf = (body: Uint8Array) => tlvByte(decodeTlv(body).items, TLV.Error);
const stateOf = (body: Uint8Array) => tlvByte(decodeTlv(body).items, TLV.State);

async function pairedFixture() {
  const f = pairingFixture();
  const controller = new TestController(f.crypto, "C0FFEE00-1111-4222-8333-444455556666");
  const setup = await runPairSetup(controller, async (b) => (await f.pairSetup.handle(1, b)).response, SETUP_CODE);
  if (!setup.ok) throw new Error(setup.error);
  return { ...f, controller, accessoryLtpk: setup.value.accessoryLtpk };
}

describe("pair-verify", () => {
  test("M1…M4 gives session keys that mirror the controller's, for the paired admin", async () => {
    const { deps, controller, accessoryLtpk } = await pairedFixture();
    const verify = new PairVerify(deps);
    let session: Awaited<ReturnType<PairVerify["handle"]>>["session"];
    const outcome = await runPairVerify(controller, async (b) => {
      const r = await verify.handle(b);
      session = r.session ?? session;
      return r.response;
    }, accessoryLtpk);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(session).toBeDefined();
    expect(session!.controllerId).toBe(controller.id);
    expect(session!.admin).toBe(true);
    expect(Array.from(session!.encryptKey)).toEqual(Array.from(outcome.value.decryptKey));
    expect(Array.from(session!.decryptKey)).toEqual(Array.from(outcome.value.encryptKey));
    expect(Array.from(session!.encryptKey)).not.toEqual(Array.from(session!.decryptKey));
    // The connection is now encrypted: a further verify on it is refused.
    const again = await verify.handle(controller.pairVerifyM1());
    expect(errorOf(again.response)).toBe(TLV_ERROR.Unknown);
  });

  test("an unknown controller is refused with Authentication at M4", async () => {
    const { deps, crypto, accessoryLtpk } = await pairedFixture();
    const stranger = new TestController(crypto, "stranger");
    const verify = new PairVerify(deps);
    const result = await runPairVerify(stranger, async (b) => (await verify.handle(b)).response, accessoryLtpk);
    expect(result).toMatchObject({ ok: false, code: TLV_ERROR.Authentication });
  });

  test("a controller claiming a paired id but signing with another key is refused", async () => {
    const { deps, crypto, controller, accessoryLtpk } = await pairedFixture();
    const verify = new PairVerify(deps);
    const impostor = new TestController(crypto, "impostor");
    const m3 = impostor.pairVerifyM3((await verify.handle(impostor.pairVerifyM1())).response, accessoryLtpk, { id: controller.id, ltsk: impostor.ltsk });
    if (!m3.ok) throw new Error(m3.error);
    const reply = await verify.handle(m3.value);
    expect([stateOf(reply.response), errorOf(reply.response)]).toEqual([PAIR_STATE.M4, TLV_ERROR.Authentication]);
    expect(reply.session).toBeUndefined();
  });

  test("M3 before M1, a tampered M3, a bad key length and a low-order key answer errors, never a session", async () => {
    const { deps, controller, accessoryLtpk } = await pairedFixture();
    const verify = new PairVerify(deps);
    const early = await verify.handle(encodeTlv([tlvItemByte(TLV.State, 3), { type: TLV.EncryptedData, value: new Uint8Array(80) }]));
    expect([stateOf(early.response), errorOf(early.response)]).toEqual([PAIR_STATE.M4, TLV_ERROR.Unknown]);
    const m3 = controller.pairVerifyM3((await verify.handle(controller.pairVerifyM1())).response, accessoryLtpk);
    if (!m3.ok) throw new Error(m3.error);
    const tampered = m3.value.slice();
    tampered[tampered.length - 1] ^= 1;
    const bad = await verify.handle(tampered);
    expect([stateOf(bad.response), errorOf(bad.response), bad.session]).toEqual([PAIR_STATE.M4, TLV_ERROR.Authentication, undefined]);
    // The failed exchange is gone: the untampered M3 no longer works either.
    expect(errorOf((await verify.handle(m3.value)).response)).toBe(TLV_ERROR.Unknown);
    const shortKey = await verify.handle(encodeTlv([tlvItemByte(TLV.State, 1), { type: TLV.PublicKey, value: new Uint8Array(31) }]));
    expect(errorOf(shortKey.response)).toBe(TLV_ERROR.Unknown);
    const lowOrder = await verify.handle(encodeTlv([tlvItemByte(TLV.State, 1), { type: TLV.PublicKey, value: new Uint8Array(32) }]));
    expect([stateOf(lowOrder.response), errorOf(lowOrder.response)]).toEqual([PAIR_STATE.M2, TLV_ERROR.Authentication]);
  });

  test("fuzz: random bodies never throw and never yield a session", async () => {
    const { deps, controller } = await pairedFixture();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 100 }),
          fc.tuple(fc.integer({ min: 0, max: 6 }), fc.uint8Array({ maxLength: 120 })).map(([s, v]) => encodeTlv([tlvItemByte(TLV.State, s), { type: TLV.EncryptedData, value: v }, { type: TLV.PublicKey, value: v.subarray(0, 32) }])),
        ),
        async (body) => {
          const verify = new PairVerify(deps);
          await verify.handle(controller.pairVerifyM1());
          const reply = await verify.handle(body);
          expect(decodeTlv(reply.response).error).toBeUndefined();
          expect(tlvByte(decodeTlv(reply.response).items, TLV.State)).toBeDefined();
          expect(reply.session).toBeUndefined();
        },
      ),
      { numRuns: 50 },
    );
  });
});
