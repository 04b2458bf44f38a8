// The pair-setup slot rules on a virtual clock, written once and run by jest (pairing-slot.test.ts) and on XS
// (test/xs/homekit-pairing.xs.ts). No wall-clock time, no Node API.
import { utf8Encode } from "../../lib/bytes";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { PAIR_SETUP_ATTEMPT_MS, PAIR_SETUP_COOLDOWN_MS, PAIR_SETUP_RESTARTS_MAX, PairSetup } from "../../homekit/pairing/pair-setup";
import { PAIR_STATE, TLV, TLV_ERROR, decodeTlv, encodeTlv, tlvByte, tlvItemByte } from "../../homekit/tlv";
import { TestController } from "./pairing-controller";
import { MemoryPairingStore } from "./pairing-memory-store";
import type { Check, Scenario } from "./server-scenarios";
import { VirtualTimers } from "./support/virtual-timers";

const CODE = "031-45-154";
const seed = createNobleCrypto();
let counter = 0;
/** Deterministic bytes (tests only): XS has no random source of its own here. */
function testRandom(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 64) out.set(seed.sha512(utf8Encode(`slot-scenario-${counter++}`)).subarray(0, Math.min(64, length - at)), at);
  return out;
}
const crypto = createNobleCrypto(testRandom);

interface SlotRig {
  timers: VirtualTimers;
  store: MemoryPairingStore;
  setup: PairSetup;
  logs: string[];
  /** Sends one pair-setup body on `connection`; returns [state, error] of the answer and the raw answer. */
  send(connection: number, body: Uint8Array): Promise<{ state: number | undefined; error: number | undefined; body: Uint8Array }>;
}

function slotRig(): SlotRig {
  const timers = new VirtualTimers();
  const store = new MemoryPairingStore(crypto, CODE);
  const logs: string[] = [];
  const setup = new PairSetup({
    crypto, store, timers, yieldFn: () => Promise.resolve(),
    logger: { log: (_level, message) => void logs.push(message) },
  });
  return {
    timers, store, setup, logs,
    async send(connection, body) {
      const answer = (await setup.handle(connection, body)).response;
      const items = decodeTlv(answer).items;
      return { state: tlvByte(items, TLV.State), error: tlvByte(items, TLV.Error), body: answer };
    },
  };
}

const M1 = new TestController(crypto, "m1-only").pairSetupM1();
const M2_OK = { state: PAIR_STATE.M2, error: undefined };
const BUSY = { state: PAIR_STATE.M2, error: TLV_ERROR.Busy };
const outcome = (r: { state: number | undefined; error: number | undefined }) => ({ state: r.state, error: r.error });

/** M3 then M5 for `controller` on `connection`, from the M2 it got; true when M6 came back and it is stored. */
async function finish(r: SlotRig, check: Check, connection: number, controller: TestController, m2: Uint8Array): Promise<boolean> {
  const m3 = controller.pairSetupM3(m2, CODE);
  if (!m3.ok) throw new Error(m3.error);
  const m4 = await r.send(connection, m3.value);
  check.equal(outcome(m4), { state: PAIR_STATE.M4, error: undefined }, `connection ${connection}: M4`);
  const m5 = controller.pairSetupM5(m4.body);
  if (!m5.ok) throw new Error(m5.error);
  const m6 = await r.send(connection, m5.value);
  check.equal(outcome(m6), { state: PAIR_STATE.M6, error: undefined }, `connection ${connection}: M6`);
  return r.store.get(controller.id) !== undefined;
}

export const slotScenarios: Scenario[] = [
  {
    name: "an M1 re-sent every 20 s does not move the 30 s limit: another connection takes the slot at 30 s and pairs",
    async run(check) {
      const r = slotRig();
      const ATTACKER = 1;
      const OWNER = 2;
      check.equal(outcome(await r.send(ATTACKER, M1)), M2_OK, "the re-sender claims the slot at 0 s");
      check.equal(outcome(await r.send(OWNER, M1)), BUSY, "the owner is Busy at 0 s");
      r.timers.advance(20_000);
      check.equal(outcome(await r.send(ATTACKER, M1)), M2_OK, "its re-sent M1 at 20 s restarts its exchange");
      r.timers.advance(PAIR_SETUP_ATTEMPT_MS - 20_000 - 1);
      check.equal(outcome(await r.send(OWNER, M1)), BUSY, "the owner is still Busy 1 ms before the limit");
      r.timers.advance(1);
      const owner = new TestController(crypto, "OWNER");
      const m2 = await r.send(OWNER, owner.pairSetupM1());
      check.equal(outcome(m2), M2_OK, "at 30 s the owner's M1 takes the slot over");
      check.ok(r.logs.includes("hap: pair-setup attempt past its limit taken over by another controller"), "the take-over is logged");
      r.timers.advance(10_000);
      check.equal(outcome(await r.send(ATTACKER, M1)), BUSY, "the re-sender's M1 at 40 s is Busy: the slot is the owner's now");
      check.ok(await finish(r, check, OWNER, owner, m2.body), "the owner pairs");
    },
  },
  {
    name: "past its limit the holder still finishes while nobody else asks (a code typed slowly after M2)",
    async run(check) {
      const r = slotRig();
      const slow = new TestController(crypto, "SLOW");
      const m2 = await r.send(1, slow.pairSetupM1());
      r.timers.advance(45_000);
      check.ok(await finish(r, check, 1, slow, m2.body), "M3 at 45 s is still accepted and the controller pairs");
    },
  },
  {
    name: "a holder that restarts past its limit is turned away for the cool-down while others get in; then it may claim again",
    async run(check) {
      const r = slotRig();
      check.equal(outcome(await r.send(1, M1)), M2_OK, "claim at 0 s");
      r.timers.advance(PAIR_SETUP_ATTEMPT_MS);
      check.equal(outcome(await r.send(1, M1)), BUSY, "its M1 at 30 s does not renew its 30 s");
      r.timers.advance(PAIR_SETUP_COOLDOWN_MS - 1);
      check.equal(outcome(await r.send(1, M1)), BUSY, "still turned away 1 ms before the cool-down ends");
      check.equal(outcome(await r.send(2, M1)), M2_OK, "anyone else gets the free slot meanwhile");
      r.setup.connectionClosed(2);
      r.timers.advance(1);
      check.equal(outcome(await r.send(1, M1)), M2_OK, "after the cool-down it may claim again");
    },
  },
  {
    name: `restarts at M1 within the limit are capped at ${PAIR_SETUP_RESTARTS_MAX}; the exchange in progress is kept`,
    async run(check) {
      const r = slotRig();
      const c = new TestController(crypto, "RESTARTER");
      let m2 = await r.send(1, c.pairSetupM1());
      for (let i = 0; i < PAIR_SETUP_RESTARTS_MAX; i++) {
        m2 = await r.send(1, c.pairSetupM1());
        check.equal(outcome(m2), M2_OK, `restart ${i + 1} answered`);
      }
      check.equal(outcome(await r.send(1, c.pairSetupM1())), BUSY, "one more restart is Busy (no SRP computed)");
      check.ok(await finish(r, check, 1, c, m2.body), "the last answered exchange still completes");
    },
  },
  {
    name: "a holder that fails on purpose cannot claim again at once: the slot is free for others",
    async run(check) {
      const r = slotRig();
      check.equal(outcome(await r.send(1, M1)), M2_OK, "claim");
      const garbage = await r.send(1, encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M3)]));
      check.equal(outcome(garbage), { state: PAIR_STATE.M4, error: TLV_ERROR.Unknown }, "an M3 without A and proof fails");
      check.equal(outcome(await r.send(1, M1)), BUSY, "its next M1 is Busy (cooling down)");
      check.equal(outcome(await r.send(2, M1)), M2_OK, "another connection claims the free slot");
    },
  },
  {
    name: "another connection's M1, M3 and M5 are Busy and leave the holder's exchange intact",
    async run(check) {
      const r = slotRig();
      const holder = new TestController(crypto, "HOLDER");
      const m2 = await r.send(1, holder.pairSetupM1());
      // The intruder even has a valid M3 for the holder's M2 (as if it had read it off the wire) and the right code.
      const intruder = new TestController(crypto, "INTRUDER");
      const stolen = intruder.pairSetupM3(m2.body, CODE);
      if (!stolen.ok) throw new Error(stolen.error);
      check.equal(outcome(await r.send(2, stolen.value)), { state: PAIR_STATE.M4, error: TLV_ERROR.Busy }, "intruder's M3 Busy");
      check.equal(outcome(await r.send(2, encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M5), { type: TLV.EncryptedData, value: new Uint8Array(40) }]))), { state: PAIR_STATE.M6, error: TLV_ERROR.Busy }, "intruder's M5 Busy");
      check.equal(outcome(await r.send(2, M1)), BUSY, "intruder's M1 Busy");
      check.equal(r.store.failedAttempts(), 0, "nothing counted against the holder");
      check.ok(await finish(r, check, 1, holder, m2.body), "the holder pairs");
      check.equal(r.store.get(intruder.id), undefined, "the intruder is not paired");
    },
  },
];
