// Pair-setup (HAP §5.6) as the spec's steps M1→M2, M3→M4, M5→M6, each accepted only after the previous one.
// Never throws and never stores the setup code: every bad input, order or proof becomes an error TLV.
import { concatBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import type { Timers } from "../../hal/types";
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
  /** Without timers the slot is held until the attempt ends or its connection closes (unit tests of the steps). */
  timers?: Timers;
  /** A holder that makes no progress for this long loses the slot (default PAIR_SETUP_TIMEOUT_MS). */
  sessionTimeoutMs?: number;
  /** Told when a stalled attempt was abandoned, for the log. */
  onTimeout?: (connectionId: number) => void;
}

/**
 * iOS gives each exchange about 10 s; 30 s without the next step means the controller went away but kept its TCP
 * connection (a phone that slept mid-pairing). Without this bound everyone else would get Busy until it closed.
 */
export const PAIR_SETUP_TIMEOUT_MS = 30_000;

/** HAP: after 100 failed pair-setup attempts the accessory refuses until reset (counter persisted). */
export const MAX_FAILED_ATTEMPTS = 100;

const SRP_SECRET_BYTES = 32;

type Step = "awaiting-M3" | "working" | "awaiting-M5";

interface Attempt {
  connectionId: number;
  step: Step;
  srp: SrpServer;
  sessionKey?: Uint8Array;
  /** Fires when the holder made no progress in time; re-armed after each answer it receives. */
  deadline?: unknown;
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
  private readonly suite: SrpSuite;

  constructor(private readonly deps: PairSetupDeps) {
    this.suite = hapSrpSuite(deps.crypto, deps.yieldFn);
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

  /** The connection went away: free the pair-setup slot if it held it. */
  connectionClosed(connectionId: number): void {
    if (this.attempt?.connectionId === connectionId) this.release();
  }

  /** Frees the slot and its SRP state (a 3072-bit exponent and keys: nothing to keep once it is over). */
  private release(): void {
    const attempt = this.attempt;
    if (attempt === undefined) return;
    if (attempt.deadline !== undefined) this.deps.timers?.clear(attempt.deadline);
    this.attempt = undefined;
  }

  /** (Re)starts the holder's clock: it has this long to send its next step. */
  private arm(attempt: Attempt): void {
    const timers = this.deps.timers;
    if (timers === undefined) return;
    if (attempt.deadline !== undefined) timers.clear(attempt.deadline);
    attempt.deadline = timers.setTimeout(() => {
      attempt.deadline = undefined;
      if (this.attempt !== attempt) return;
      this.attempt = undefined;
      this.deps.onTimeout?.(attempt.connectionId);
    }, this.deps.sessionTimeoutMs ?? PAIR_SETUP_TIMEOUT_MS);
  }

  private async m1(connectionId: number, method: number | undefined): Promise<PairingStepResult> {
    if (method !== PAIR_METHOD.PairSetup && method !== PAIR_METHOD.PairSetupWithAuth) return this.fail(connectionId, PAIR_STATE.M2, TLV_ERROR.Unknown);
    const { store, crypto } = this.deps;
    if (store.isPaired()) return this.reply(PAIR_STATE.M2, TLV_ERROR.Unavailable);
    if (store.failedAttempts() >= MAX_FAILED_ATTEMPTS) return this.reply(PAIR_STATE.M2, TLV_ERROR.MaxTries);
    if (this.attempt && this.attempt.connectionId !== connectionId) return this.reply(PAIR_STATE.M2, TLV_ERROR.Busy);
    const { salt, verifier } = store.srpVerifier();
    const srp = new SrpServer(this.suite, { username: HAP_SRP_USERNAME, salt, verifier, secret: crypto.randomBytes(SRP_SECRET_BYTES) });
    this.release(); // the holder starting over drops its earlier attempt and that attempt's clock
    const attempt: Attempt = { connectionId, step: "working", srp };
    this.attempt = attempt; // claimed before the first await, so a second connection sees Busy
    this.arm(attempt);
    await this.deps.yieldFn();
    srpMultiplier(this.suite); // hashes the group constants once (the first M1 after boot), in a slice of its own
    await this.deps.yieldFn();
    const serverPublic = await srp.publicKey();
    if (this.attempt !== attempt) return this.reply(PAIR_STATE.M2, TLV_ERROR.Unknown);
    attempt.step = "awaiting-M3";
    this.arm(attempt);
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
    this.arm(attempt);
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

  /** Error reply that also abandons this connection's attempt (the controller must start again at M1). */
  private fail(connectionId: number, state: number, code: number): PairingStepResult {
    if (this.attempt?.connectionId === connectionId) this.release();
    return this.reply(state, code);
  }

  private reply(state: number, code: number): PairingStepResult {
    return { response: tlvErrorResponse(state, code) };
  }
}
