// XS script for bench/xs/hap-memory.mjs: drives the HAP server (in-memory network, virtual clock) through steps whose
// live heap slots the parent reads from the xsnap worker's meter. Never measures by itself; each step is one evaluate.
import { PAIR_METHOD, PAIR_STATE, TLV, encodeTlv, tlvItemByte } from "../../homekit/tlv";
import { utf8Encode } from "../../lib/bytes";
import { SRP_GROUP_3072 } from "../../homekit/srp";
import { TLV8, crypto, pairAndVerify, pairAndVerifyAgain, rig, type Check, type Rig } from "../../test/homekit/server-scenarios";
import { WireClient } from "../../test/homekit/support/hap-wire";

const check: Check = {
  equal(actual, expected, message) {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${message}: ${JSON.stringify(actual)}`);
  },
  ok(condition, message) {
    if (!condition) throw new Error(message);
  },
};

let r: Rig | undefined;
let stalled: WireClient | undefined;
const sessions: WireClient[] = [];
let pending: string | undefined = "not started";

/** Runs `work` to completion inside the same evaluate (xsnap drains promise jobs); `ready()` reports how it ended. */
function step(name: string, work: () => Promise<void>): void {
  pending = name;
  work().then(() => (pending = undefined), (error: unknown) => (pending = `${name}: ${String(error)}`));
}

function rigged(): Rig {
  if (r === undefined) throw new Error("start first");
  return r;
}

(globalThis as Record<string, unknown>).hapMemory = {
  /**
   * Every primitive once, before the baseline: @noble builds its curve tables on first use. Those tables belong to
   * the pure-JS crypto of this bench, not to the server (the device's HapCrypto is native), so they stay out of it.
   */
  warmCrypto(): void {
    const ed = crypto.ed25519KeyPair();
    const message = utf8Encode("warm");
    check.ok(crypto.ed25519Verify(ed.publicKey, message, crypto.ed25519Sign(ed.secretKey, message)), "ed25519");
    const a = crypto.x25519KeyPair();
    const b = crypto.x25519KeyPair();
    check.equal(Array.from(crypto.x25519SharedSecret(a.secretKey, b.publicKey)), Array.from(crypto.x25519SharedSecret(b.secretKey, a.publicKey)), "x25519");
    check.ok(crypto.modPow(2n, 3n, SRP_GROUP_3072.N) === 8n, "modPow");
    check.equal(crypto.sha512(message).length, 64, "sha512");
  },
  start: () => step("start", async () => void (r = await rig())),
  /** A controller sends pair-setup M1 and goes quiet: the server holds an SRP attempt for it. */
  stallPairSetup: () =>
    step("stall", async () => {
      stalled = new WireClient(rigged().network);
      await stalled.request("POST", "/pair-setup", encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M1), tlvItemByte(TLV.Method, PAIR_METHOD.PairSetup)]), TLV8);
    }),
  /** The pair-setup time-out and the unverified idle time-out pass: both the attempt and its connection go. */
  expireIdle: () =>
    step("expire", async () => {
      rigged().timers.advance(60_000);
      for (let i = 0; i < 50; i++) await Promise.resolve();
      stalled = undefined;
      check.equal(rigged().server.connectionCount, 0, "idle connections closed");
    }),
  pair: () => step("pair", async () => void (await pairAndVerify(rigged(), check, 0))),
  verifyOne: () => step("verify", async () => void sessions.push(await pairAndVerifyAgain(rigged(), check))),
  linkDown: () =>
    step("link down", async () => {
      rigged().server.linkDown();
      for (let i = 0; i < 50; i++) await Promise.resolve();
      check.equal(rigged().server.connectionCount, 0, "sessions dropped");
    }),
  /** Throws unless the last step finished; returns the server's connection count. */
  ready(): number {
    if (pending !== undefined) throw new Error(`step not finished: ${pending}`);
    return rigged().server.connectionCount;
  },
};
