// Pair-setup M1–M6 against a controller written from the HAP formulas: success, and every refusal DOMAIN §4 lists.
import fc from "fast-check";
import { MAX_FAILED_ATTEMPTS } from "../../homekit/pairing/pair-setup";
import { PAIR_STATE, TLV, TLV_ERROR, decodeTlv, encodeTlv, tlvByte, tlvItemByte } from "../../homekit/tlv";
import { TestController, readStep, runPairSetup } from "./pairing-controller";
import { SETUP_CODE, pairingFixture } from "./pairing-fixture";

const errorOf = (body: Uint8Array) => tlvByte(decodeTlv(body).items, TLV.Error);
const stateOf = (body: Uint8Array) => tlvByte(decodeTlv(body).items, TLV.State);

describe("pair-setup", () => {
  test("M1…M6 with the right code stores an admin pairing and proves the accessory's identity", async () => {
    const { crypto, store, pairSetup, yields } = pairingFixture();
    const controller = new TestController(crypto, "8B1F2E3D-0000-4000-8000-000000000001");
    let paired: unknown;
    const outcome = await runPairSetup(controller, async (body) => {
      const result = await pairSetup.handle(7, body);
      if (result.paired) paired = result.paired;
      return result.response;
    }, SETUP_CODE);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.value.deviceId).toBe(store.identity().deviceId);
    expect(Array.from(outcome.value.accessoryLtpk)).toEqual(Array.from(store.identity().ltpk));
    const record = store.get(controller.id)!;
    expect(record.admin).toBe(true);
    expect(Array.from(record.ltpk)).toEqual(Array.from(controller.ltpk));
    expect(paired).toEqual(record);
    // Long work was cut into slices: M1 (1), M3 (3), M5 (2) yields at least.
    expect(yields.count).toBeGreaterThanOrEqual(6);
  });

  test("once paired, M1 answers Unavailable", async () => {
    const { crypto, store, pairSetup } = pairingFixture();
    store.add({ id: "existing", ltpk: new Uint8Array(32), admin: true });
    const reply = await pairSetup.handle(1, new TestController(crypto, "x").pairSetupM1());
    expect([stateOf(reply.response), errorOf(reply.response)]).toEqual([PAIR_STATE.M2, TLV_ERROR.Unavailable]);
  });

  test("a wrong code answers Authentication at M4 and persists the failure count; the right code then works", async () => {
    const { crypto, store, pairSetup } = pairingFixture();
    const send = async (body: Uint8Array) => (await pairSetup.handle(1, body)).response;
    const wrong = await runPairSetup(new TestController(crypto, "a"), send, "031-45-155");
    expect(wrong).toMatchObject({ ok: false, code: TLV_ERROR.Authentication });
    expect(store.failedAttempts()).toBe(1);
    const right = await runPairSetup(new TestController(crypto, "b"), send, SETUP_CODE);
    expect(right.ok).toBe(true);
    expect(store.failedAttempts()).toBe(0);
  });

  test(`after ${MAX_FAILED_ATTEMPTS} failures M1 answers MaxTries`, async () => {
    const { crypto, store, pairSetup } = pairingFixture();
    store.setFailedAttempts(MAX_FAILED_ATTEMPTS);
    const reply = await pairSetup.handle(1, new TestController(crypto, "x").pairSetupM1());
    expect([stateOf(reply.response), errorOf(reply.response)]).toEqual([PAIR_STATE.M2, TLV_ERROR.MaxTries]);
  });

  test("a second connection is Busy while one is mid pair-setup, and free once that one closes", async () => {
    const { crypto, pairSetup } = pairingFixture();
    const first = new TestController(crypto, "a");
    const second = new TestController(crypto, "b");
    const m2 = await pairSetup.handle(1, first.pairSetupM1());
    expect(readStep(m2.response, PAIR_STATE.M2).ok).toBe(true);
    expect(errorOf((await pairSetup.handle(2, second.pairSetupM1())).response)).toBe(TLV_ERROR.Busy);
    // The intruder's M3 is Busy too, and does not disturb the first exchange.
    const m3 = first.pairSetupM3(m2.response, SETUP_CODE);
    if (!m3.ok) throw new Error(m3.error);
    expect(errorOf((await pairSetup.handle(2, m3.value)).response)).toBe(TLV_ERROR.Busy);
    pairSetup.connectionClosed(1);
    expect(readStep((await pairSetup.handle(2, second.pairSetupM1())).response, PAIR_STATE.M2).ok).toBe(true);
  });

  test("two M1s racing on different connections: exactly one gets M2", async () => {
    const { crypto, pairSetup } = pairingFixture();
    const c = new TestController(crypto, "a");
    const [r1, r2] = await Promise.all([pairSetup.handle(1, c.pairSetupM1()), pairSetup.handle(2, c.pairSetupM1())]);
    expect([errorOf(r1.response), errorOf(r2.response)].sort()).toEqual([TLV_ERROR.Busy, undefined].sort());
  });

  test("steps out of order or malformed answer an error TLV for the next state", async () => {
    const { crypto, pairSetup } = pairingFixture();
    const c = new TestController(crypto, "a");
    const m3Alone = encodeTlv([tlvItemByte(TLV.State, 3), { type: TLV.PublicKey, value: new Uint8Array(384).fill(2) }, { type: TLV.Proof, value: new Uint8Array(64) }]);
    const cases: [Uint8Array, number, number][] = [
      [m3Alone, PAIR_STATE.M4, TLV_ERROR.Unknown],
      [encodeTlv([tlvItemByte(TLV.State, 5), { type: TLV.EncryptedData, value: new Uint8Array(40) }]), PAIR_STATE.M6, TLV_ERROR.Unknown],
      [encodeTlv([tlvItemByte(TLV.State, 2)]), PAIR_STATE.M3, TLV_ERROR.Unknown],
      [encodeTlv([tlvItemByte(TLV.State, 9)]), PAIR_STATE.M2, TLV_ERROR.Unknown],
      [encodeTlv([tlvItemByte(TLV.Method, 0)]), PAIR_STATE.M2, TLV_ERROR.Unknown],
      [encodeTlv([tlvItemByte(TLV.State, 1), tlvItemByte(TLV.Method, 4)]), PAIR_STATE.M2, TLV_ERROR.Unknown],
      [Uint8Array.of(6, 1, 1, 0, 5), PAIR_STATE.M2, TLV_ERROR.Unknown],
      [new Uint8Array(0), PAIR_STATE.M2, TLV_ERROR.Unknown],
    ];
    for (const [body, state, error] of cases) {
      const reply = await pairSetup.handle(1, body);
      expect([stateOf(reply.response), errorOf(reply.response)]).toEqual([state, error]);
    }
    // After all that, a proper exchange still works on the same connection.
    const ok = await runPairSetup(c, async (body) => (await pairSetup.handle(1, body)).response, SETUP_CODE);
    expect(ok.ok).toBe(true);
  });

  test("M5 with a bad tag or a bad controller signature answers Authentication and stores nothing", async () => {
    for (const tamper of ["ciphertext", "signature"] as const) {
      const { crypto, store, pairSetup } = pairingFixture();
      const c = new TestController(crypto, "a");
      const send = async (body: Uint8Array) => (await pairSetup.handle(1, body)).response;
      const m3 = c.pairSetupM3(await send(c.pairSetupM1()), SETUP_CODE);
      if (!m3.ok) throw new Error(m3.error);
      const m4 = await send(m3.value);
      // The signature case: a controller that signs with a key other than the one it announces.
      const impostor = new TestController(crypto, "a");
      (c as unknown as { ltsk: Uint8Array }).ltsk = tamper === "signature" ? impostor.ltsk : c.ltsk;
      const m5 = c.pairSetupM5(m4);
      if (!m5.ok) throw new Error(m5.error);
      const body = m5.value.slice();
      if (tamper === "ciphertext") body[body.length - 3] ^= 0x40;
      const reply = await send(body);
      expect([stateOf(reply), errorOf(reply)]).toEqual([PAIR_STATE.M6, TLV_ERROR.Authentication]);
      expect(store.isPaired()).toBe(false);
    }
  });

  test("fuzz: random bodies and mutated valid messages never throw and always answer State + Error", async () => {
    const { crypto, pairSetup } = pairingFixture();
    const c = new TestController(crypto, "fuzz");
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.tuple(fc.integer({ min: 1, max: 6 }), fc.uint8Array({ maxLength: 400 })).map(([state, v]) => encodeTlv([tlvItemByte(TLV.State, state), { type: TLV.PublicKey, value: v }, { type: TLV.Proof, value: v.subarray(0, 64) }])),
          fc.tuple(fc.nat(20), fc.nat(255)).map(([at, flip]) => {
            const m1 = c.pairSetupM1();
            const out = m1.slice();
            out[at % out.length] ^= flip;
            return out;
          }),
        ),
        fc.integer({ min: 1, max: 3 }),
        async (body, connectionId) => {
          const reply = await pairSetup.handle(connectionId, body);
          const items = decodeTlv(reply.response);
          expect(items.error).toBeUndefined();
          expect(tlvByte(items.items, TLV.State)).toBeDefined();
          if (tlvByte(items.items, TLV.Error) === undefined) expect(tlvByte(items.items, TLV.State)).toBe(PAIR_STATE.M2);
          expect(reply.paired).toBeUndefined();
        },
      ),
      { numRuns: 50 },
    );
  });
});
