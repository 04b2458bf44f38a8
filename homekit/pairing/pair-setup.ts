// Pair-setup (HAP §5.6) as the spec's steps M1→M2, M3→M4, M5→M6, each accepted only after the previous one.
// Never throws and never stores the setup code: every bad input, order or proof becomes an error TLV.
import { concatBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import type { Logger, Timers } from "../../hal/types";
import type { HapCrypto } from "../crypto/types";
import { HAP_SRP_USERNAME, SRP_GROUP_3072, SrpServer, type SrpSuite, srpMultiplier } from "../srp";
import { PAIR_METHOD, PAIR_STATE, TLV, TLV_ERROR, decodeTlv, encodeTlv, tlvByte, tlvErrorResponse, tlvGet, tlvItemByte } from "../tlv";
import { HAP_KDF, HAP_NONCE, hapKdf, openSubTlv, sealSubTlv } from "./hap-kdf";
import type { PairingStepResult, PairingStore, Yield } from "./types";

export interface PairingDeps {
  crypto: HapCrypto;
  store: PairingStore;
  /** Hands the event loop back between slices of long crypto work. */
  yieldFn: Yield;
}

/** The pair-setup slot, as PairSetup uses it: crypto and store, plus the timers that bound how long one holder keeps it. */
export interface PairSetupDeps extends PairingDeps {
  /** Without timers the slot has no limit: it is held until the attempt ends or its connection closes (unit tests of the steps). */
  timers?: Timers;
  /** How long one attempt owns the slot, from its first M1 (default PAIR_SETUP_ATTEMPT_MS). */
  attemptLimitMs?: number;
  /** How long a holder whose attempt ended without pairing is turned away (default PAIR_SETUP_COOLDOWN_MS). */
  cooldownMs?: number;
  /** Told when an attempt reaches its limit, is taken over or its holder is turned away, for the log. */
  logger?: Logger;
}

/**
 * How long one attempt owns the pair-setup slot, counted from the holder's first M1 and never moved: not by its
 * answers, not by a re-sent M1. iOS gives each of the three exchanges about 10 s, so a controller that is really
 * pairing is done within 30 s (HomeKitADK's kHAPPairing_PairSetupProcedureTimeout is the same 30 s from the claim).
 * Past it the holder may still finish while nobody else asks (someone typing the code slowly after M2), but the
 * first M1 from another connection takes the slot over.
 */
export const PAIR_SETUP_ATTEMPT_MS = 30_000;

/**
 * A holder whose attempt ends without pairing (it sent M1 again past its limit, or a step failed) gets Busy on that
 * connection for this long, so a controller that was waiting gets in first instead of the holder claiming a fresh
 * 30 s at once. 10 s: longer than an owner retrying every few seconds needs, short for a controller that really
 * starts again on the same connection (hap-controller opens a new one for each attempt).
 */
export const PAIR_SETUP_COOLDOWN_MS = 10_000;

/**
 * Re-sent M1s a holder may make within one attempt: iOS 12.1 sometimes restarts at M1 on the same connection
 * (HomeKitADK restarts the attempt for it), but each M1 costs a 3072-bit exponentiation (seconds on the chip),
 * so a holder cannot loop on it. Beyond: Busy, the attempt kept as it was.
 */
export const PAIR_SETUP_RESTARTS_MAX = 2;

/** HAP: after 100 failed pair-setup attempts the accessory refuses until reset (counter persisted). */
export const MAX_FAILED_ATTEMPTS = 100;

const SRP_SECRET_BYTES = 32;

type Step = "awaiting-M3" | "working" | "awaiting-M5";

/** One SRP exchange; a restart at M1 replaces it, its claim stays. */
interface Attempt {
  connectionId: number;
  step: Step;
  srp: SrpServer;
  sessionKey?: Uint8Array;
  claim: Claim;
}

/** Who owns the slot, and until when; outlives the holder's restarts at M1. */
interface Claim {
  connectionId: number;
  /** The limit passed: the next M1 from another connection takes the slot. */
  expired: boolean;
  restarts: number;
  /** Fires once, PAIR_SETUP_ATTEMPT_MS after the claim. */
  limit?: unknown;
}

/** The SRP suite HAP uses, over the given crypto (native modexp/SHA-512 on the device; sliced when pure JS). */
export function hapSrpSuite(crypto: HapCrypto, yieldFn?: Yield): SrpSuite {
  const suite: SrpSuite = { group: SRP_GROUP_3072, hash: (data) => crypto.sha512(data), modPow: (b, e, m) => crypto.modPow(b, e, m) };
  const sliced = crypto.modPowSliced;
  if (sliced && yieldFn) suite.modPowAsync = (b, e, m) => sliced.call(crypto, b, e, m, yieldFn);
  return suite;
}

/** One instance per accessory: at most one pair-setup runs at a time, across all connections. */
export class PairSetup {
  private attempt: Attempt | undefined;
  /** Connections whose attempt ended without pairing, turned away until their timer fires (PAIR_SETUP_COOLDOWN_MS). */
  private readonly cooling = new Map<number, unknown>();
  private readonly suite: SrpSuite;

  constructor(private readonly deps: PairSetupDeps) {
    this.suite = hapSrpSuite(deps.crypto, deps.yieldFn);
  }

  /** The connection holding the slot, if any: mid-handshake even while it waits for its user to type the code. */
  get holderId(): number | undefined {
    return this.attempt?.claim.connectionId;
  }

  async handle(connectionId: number, body: Uint8Array): Promise<PairingStepResult> {
    const decoded = decodeTlv(body);
    const state = tlvByte(decoded.items, TLV.State);
    const replyState = state !== undefined && state >= 1 && state <= 5 ? state + 1 : PAIR_STATE.M2;
    if (decoded.error || state === undefined) return this.fail(connectionId, replyState, TLV_ERROR.Unknown);
    try {
      switch (state) {
        case PAIR_STATE.M1:
          return await this.m1(connectionId, tlvByte(decoded.items, TLV.Method));
        case PAIR_STATE.M3:
          return await this.m3(connectionId, tlvGet(decoded.items, TLV.PublicKey), tlvGet(decoded.items, TLV.Proof));
        case PAIR_STATE.M5:
          return await this.m5(connectionId, tlvGet(decoded.items, TLV.EncryptedData));
        default:
          return this.fail(connectionId, replyState, TLV_ERROR.Unknown);
      }
    } catch {
      // A throw here is our bug or a store failure: answer, abandon the attempt, keep serving.
      return this.fail(connectionId, replyState, TLV_ERROR.Unknown);
    }
  }

  /** The connection went away: free the pair-setup slot if it held it, and forget its cool-down. */
  connectionClosed(connectionId: number): void {
    if (this.attempt?.connectionId === connectionId) this.release();
    const cooling = this.cooling.get(connectionId);
    if (cooling !== undefined) this.deps.timers?.clear(cooling);
    this.cooling.delete(connectionId);
  }

  /** Frees the slot, its limit timer and its SRP state (a 3072-bit exponent and keys: nothing to keep once it is over). */
  private release(): void {
    const attempt = this.attempt;
    if (attempt === undefined) return;
    if (attempt.claim.limit !== undefined) this.deps.timers?.clear(attempt.claim.limit);
    attempt.claim.limit = undefined;
    this.attempt = undefined;
  }

  /** A new holder: its absolute limit starts now and is never moved. */
  private claim(connectionId: number): Claim {
    const claim: Claim = { connectionId, expired: false, restarts: 0 };
    const timers = this.deps.timers;
    if (timers === undefined) return claim;
    claim.limit = timers.setTimeout(() => {
      claim.limit = undefined;
      claim.expired = true;
      if (this.attempt?.claim === claim) this.log("hap: pair-setup attempt reached its limit, another controller may take the slot", connectionId);
    }, this.deps.attemptLimitMs ?? PAIR_SETUP_ATTEMPT_MS);
    return claim;
  }

  /** The holder's attempt ended without pairing: that connection waits before it may claim again. */
  private coolDown(connectionId: number): void {
    const timers = this.deps.timers;
    if (timers === undefined || this.cooling.has(connectionId)) return;
    this.cooling.set(connectionId, timers.setTimeout(() => this.cooling.delete(connectionId), this.deps.cooldownMs ?? PAIR_SETUP_COOLDOWN_MS));
  }

  private log(message: string, connectionId: number): void {
    this.deps.logger?.log("warn", message, { id: connectionId });
  }

  /**
   * Who may start an attempt now (rules in order): a connection cooling down is Busy; a free slot is claimed; the
   * holder within its limit restarts (a few times) keeping its deadline; the holder past its limit loses the slot and
   * cools down; another connection is Busy until the holder's limit, then takes the slot over.
   */
  private admit(connectionId: number): Claim | undefined {
    if (this.cooling.has(connectionId)) return undefined;
    const current = this.attempt?.claim;
    if (current === undefined) return this.claim(connectionId);
    if (current.connectionId === connectionId) {
      if (current.expired) {
        // Its 30 s are spent and asking again must not renew them: the slot goes to whoever was waiting.
        this.log("hap: pair-setup holder restarted past its limit, turned away for a while", connectionId);
        this.release();
        this.coolDown(connectionId);
        return undefined;
      }
      if (current.restarts >= PAIR_SETUP_RESTARTS_MAX) return undefined;
      current.restarts++;
      return current;
    }
    if (!current.expired) return undefined;
    this.log("hap: pair-setup attempt past its limit taken over by another controller", current.connectionId);
    this.release();
    return this.claim(connectionId);
  }

  private async m1(connectionId: number, method: number | undefined): Promise<PairingStepResult> {
    if (method !== PAIR_METHOD.PairSetup && method !== PAIR_METHOD.PairSetupWithAuth) return this.fail(connectionId, PAIR_STATE.M2, TLV_ERROR.Unknown);
    const { store, crypto } = this.deps;
    if (store.isPaired()) return this.reply(PAIR_STATE.M2, TLV_ERROR.Unavailable);
    if (store.failedAttempts() >= MAX_FAILED_ATTEMPTS) return this.reply(PAIR_STATE.M2, TLV_ERROR.MaxTries);
    const claim = this.admit(connectionId);
    if (claim === undefined) return this.reply(PAIR_STATE.M2, TLV_ERROR.Busy);
    const { salt, verifier } = store.srpVerifier();
    const srp = new SrpServer(this.suite, { username: HAP_SRP_USERNAME, salt, verifier, secret: crypto.randomBytes(SRP_SECRET_BYTES) });
    // A restart replaces the holder's exchange but keeps its claim, so its deadline stays where it was.
    const attempt: Attempt = { connectionId, step: "working", srp, claim };
    this.attempt = attempt; // claimed before the first await, so a second connection sees Busy
    await this.deps.yieldFn();
    srpMultiplier(this.suite); // hashes the group constants once (the first M1 after boot), in a slice of its own
    await this.deps.yieldFn();
    const serverPublic = await srp.publicKey();
    if (this.attempt !== attempt) return this.reply(PAIR_STATE.M2, TLV_ERROR.Unknown);
    attempt.step = "awaiting-M3";
    return { response: encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M2), { type: TLV.Salt, value: salt }, { type: TLV.PublicKey, value: serverPublic }]) };
  }

  private async m3(connectionId: number, clientPublic: Uint8Array | undefined, clientProof: Uint8Array | undefined): Promise<PairingStepResult> {
    const attempt = this.attempt;
    if (attempt && attempt.connectionId !== connectionId) return this.reply(PAIR_STATE.M4, TLV_ERROR.Busy);
    if (!attempt || attempt.step !== "awaiting-M3") return this.fail(connectionId, PAIR_STATE.M4, TLV_ERROR.Unknown);
    if (!clientPublic || !clientProof) return this.fail(connectionId, PAIR_STATE.M4, TLV_ERROR.Unknown);
    attempt.step = "working";
    await this.deps.yieldFn();
    const accepted = await attempt.srp.acceptClientPublic(clientPublic);
    if (this.attempt !== attempt) return this.reply(PAIR_STATE.M4, TLV_ERROR.Unknown);
    if (!accepted) return this.authenticationFailed(connectionId, PAIR_STATE.M4);
    await this.deps.yieldFn();
    await attempt.srp.computePremaster();
    await this.deps.yieldFn();
    if (this.attempt !== attempt) return this.reply(PAIR_STATE.M4, TLV_ERROR.Unknown);
    const verdict = attempt.srp.verifyProof(clientProof);
    if (!verdict.ok) return this.authenticationFailed(connectionId, PAIR_STATE.M4);
    attempt.sessionKey = verdict.sessionKey;
    attempt.step = "awaiting-M5";
    return { response: encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M4), { type: TLV.Proof, value: verdict.serverProof }]) };
  }

  private async m5(connectionId: number, sealed: Uint8Array | undefined): Promise<PairingStepResult> {
    const attempt = this.attempt;
    if (attempt && attempt.connectionId !== connectionId) return this.reply(PAIR_STATE.M6, TLV_ERROR.Busy);
    if (!attempt || attempt.step !== "awaiting-M5" || !attempt.sessionKey) return this.fail(connectionId, PAIR_STATE.M6, TLV_ERROR.Unknown);
    if (!sealed) return this.fail(connectionId, PAIR_STATE.M6, TLV_ERROR.Unknown);
    const { crypto, store } = this.deps;
    const K = attempt.sessionKey;
    attempt.step = "working";
    const encryptKey = hapKdf(crypto, K, HAP_KDF.PairSetupEncrypt);
    await this.deps.yieldFn();
    const inner = openSubTlv(crypto, encryptKey, HAP_NONCE.PsMsg05, sealed);
    if (!inner) return this.fail(connectionId, PAIR_STATE.M6, TLV_ERROR.Authentication);
    const idBytes = tlvGet(inner, TLV.Identifier);
    const controllerLtpk = tlvGet(inner, TLV.PublicKey);
    const signature = tlvGet(inner, TLV.Signature);
    if (!idBytes || idBytes.length === 0 || !controllerLtpk || controllerLtpk.length !== 32 || !signature) {
      return this.fail(connectionId, PAIR_STATE.M6, TLV_ERROR.Unknown);
    }
    const controllerX = hapKdf(crypto, K, HAP_KDF.PairSetupControllerSign);
    await this.deps.yieldFn();
    if (!crypto.ed25519Verify(controllerLtpk, concatBytes(controllerX, idBytes, controllerLtpk), signature)) {
      return this.fail(connectionId, PAIR_STATE.M6, TLV_ERROR.Authentication);
    }
    await this.deps.yieldFn();
    if (this.attempt !== attempt) return this.reply(PAIR_STATE.M6, TLV_ERROR.Unknown);
    const record = { id: utf8Decode(idBytes), ltpk: controllerLtpk.slice(), admin: true };
    store.add(record);
    store.setFailedAttempts(0);
    const identity = store.identity();
    const deviceId = utf8Encode(identity.deviceId);
    const accessoryX = hapKdf(crypto, K, HAP_KDF.PairSetupAccessorySign);
    await this.deps.yieldFn();
    const accessorySignature = crypto.ed25519Sign(identity.ltsk, concatBytes(accessoryX, deviceId, identity.ltpk));
    await this.deps.yieldFn();
    const encrypted = sealSubTlv(crypto, encryptKey, HAP_NONCE.PsMsg06, [
      { type: TLV.Identifier, value: deviceId },
      { type: TLV.PublicKey, value: identity.ltpk },
      { type: TLV.Signature, value: accessorySignature },
    ]);
    this.release();
    return { response: encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M6), { type: TLV.EncryptedData, value: encrypted }]), paired: record };
  }

  /** Wrong setup code (or a degenerate A): counted and persisted before answering, so a reboot cannot reset it. */
  private authenticationFailed(connectionId: number, state: number): PairingStepResult {
    const { store } = this.deps;
    store.setFailedAttempts(store.failedAttempts() + 1);
    return this.fail(connectionId, state, TLV_ERROR.Authentication);
  }

  /**
   * Error reply that also abandons this connection's attempt (the controller must start again at M1). The holder then
   * cools down: failing on purpose must not be a way to renew its 30 s at once.
   */
  private fail(connectionId: number, state: number, code: number): PairingStepResult {
    if (this.attempt?.connectionId === connectionId) {
      this.release();
      this.coolDown(connectionId);
    }
    return this.reply(state, code);
  }

  private reply(state: number, code: number): PairingStepResult {
    return { response: tlvErrorResponse(state, code) };
  }
}
