// A HomeKit controller written in the tests from the HAP formulas: drives our pair-setup / pair-verify servers.
// Shared by jest, the XS lane and the benchmark, so it stays Node-free (HapCrypto + our TLV only).
import { bigIntToBytes, bytesEqual, bytesToBigInt, concatBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import type { HapCrypto } from "../../homekit/crypto/types";
import { HAP_KDF, HAP_NONCE, hapKdf, openSubTlv, sealSubTlv } from "../../homekit/pairing/hap-kdf";
import { PAIR_METHOD, PAIR_STATE, TLV, type TlvItem, decodeTlv, encodeTlv, tlvByte, tlvGet, tlvItemByte } from "../../homekit/tlv";
import {
  HAP_SRP_USERNAME,
  SRP_GROUP_3072,
  type SrpSuite,
  srpClientProof,
  srpMultiplier,
  srpPrivateKey,
  srpScrambler,
  srpServerProof,
  srpSessionKey,
} from "../../homekit/srp";

export interface SrpClientResult {
  clientPublic: Uint8Array;
  clientProof: Uint8Array;
  expectedServerProof: Uint8Array;
  sessionKey: Uint8Array;
  premaster: bigint;
}

/** The controller's side of SRP: A = g^a, S = (B − k·g^x)^(a + u·x), K, M1, and the M2 it expects. */
export function srpClientExchange(
  suite: SrpSuite,
  p: { username: string; password: string; salt: Uint8Array; serverPublic: Uint8Array; secret: Uint8Array },
): SrpClientResult {
  const { N, g, lengthBytes } = suite.group;
  const a = bytesToBigInt(p.secret);
  const clientPublic = bigIntToBytes(suite.modPow(g, a, N), lengthBytes);
  const u = srpScrambler(suite, clientPublic, p.serverPublic);
  const x = srpPrivateKey(suite, p.salt, p.username, p.password);
  const k = srpMultiplier(suite);
  const base = (((bytesToBigInt(p.serverPublic) - k * suite.modPow(g, x, N)) % N) + N) % N;
  const premaster = suite.modPow(base, a + u * x, N);
  const sessionKey = srpSessionKey(suite, premaster);
  const clientProof = srpClientProof(suite, { username: p.username, salt: p.salt, clientPublic, serverPublic: p.serverPublic, sessionKey });
  return { clientPublic, clientProof, expectedServerProof: srpServerProof(suite, clientPublic, clientProof, sessionKey), sessionKey, premaster };
}

/** Why a controller-side step failed: the accessory's TLV error code, or what the controller found wrong. */
export type StepOutcome<T> = { ok: true; value: T } | { ok: false; error: string; code?: number };

/**
 * The controller's side of pair-setup and pair-verify, one method per message, so tests can tamper with any step.
 * Built only from HapCrypto, our TLV and the HAP formulas (not from the server classes under test).
 */
export class TestController {
  readonly ltsk: Uint8Array;
  readonly ltpk: Uint8Array;
  private srp: SrpClientResult | undefined;
  private verify: { secretKey: Uint8Array; publicKey: Uint8Array; shared?: Uint8Array; sessionKey?: Uint8Array } | undefined;

  constructor(
    private readonly crypto: HapCrypto,
    readonly id: string,
    seed?: Uint8Array,
  ) {
    const pair = crypto.ed25519KeyPair(seed);
    this.ltsk = pair.secretKey;
    this.ltpk = pair.publicKey;
  }

  pairSetupM1(): Uint8Array {
    return encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M1), tlvItemByte(TLV.Method, PAIR_METHOD.PairSetup)]);
  }

  pairSetupM3(m2: Uint8Array, setupCode: string): StepOutcome<Uint8Array> {
    const items = readStep(m2, PAIR_STATE.M2);
    if (!items.ok) return items;
    const salt = tlvGet(items.value, TLV.Salt);
    const serverPublic = tlvGet(items.value, TLV.PublicKey);
    if (!salt || !serverPublic) return { ok: false, error: "M2 lacks salt or B" };
    const suite = { group: SRP_GROUP_3072, hash: (d: Uint8Array) => this.crypto.sha512(d), modPow: this.crypto.modPow };
    this.srp = srpClientExchange(suite, { username: HAP_SRP_USERNAME, password: setupCode, salt, serverPublic, secret: this.crypto.randomBytes(32) });
    return {
      ok: true,
      value: encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M3), { type: TLV.PublicKey, value: this.srp.clientPublic }, { type: TLV.Proof, value: this.srp.clientProof }]),
    };
  }

  pairSetupM5(m4: Uint8Array): StepOutcome<Uint8Array> {
    const items = readStep(m4, PAIR_STATE.M4);
    if (!items.ok) return items;
    if (!this.srp) return { ok: false, error: "no SRP exchange" };
    const proof = tlvGet(items.value, TLV.Proof);
    if (!proof || !bytesEqual(proof, this.srp.expectedServerProof)) return { ok: false, error: "accessory proof M2 does not verify" };
    const K = this.srp.sessionKey;
    const id = utf8Encode(this.id);
    const x = hapKdf(this.crypto, K, HAP_KDF.PairSetupControllerSign);
    const signature = this.crypto.ed25519Sign(this.ltsk, concatBytes(x, id, this.ltpk));
    const sealed = sealSubTlv(this.crypto, hapKdf(this.crypto, K, HAP_KDF.PairSetupEncrypt), HAP_NONCE.PsMsg05, [
      { type: TLV.Identifier, value: id },
      { type: TLV.PublicKey, value: this.ltpk },
      { type: TLV.Signature, value: signature },
    ]);
    return { ok: true, value: encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M5), { type: TLV.EncryptedData, value: sealed }]) };
  }

  /** Checks M6: the accessory's identity, signed with its long-term key. */
  pairSetupDone(m6: Uint8Array): StepOutcome<{ deviceId: string; accessoryLtpk: Uint8Array }> {
    const items = readStep(m6, PAIR_STATE.M6);
    if (!items.ok) return items;
    if (!this.srp) return { ok: false, error: "no SRP exchange" };
    const K = this.srp.sessionKey;
    const sealed = tlvGet(items.value, TLV.EncryptedData);
    const inner = sealed && openSubTlv(this.crypto, hapKdf(this.crypto, K, HAP_KDF.PairSetupEncrypt), HAP_NONCE.PsMsg06, sealed);
    if (!inner) return { ok: false, error: "M6 does not decrypt" };
    const deviceId = tlvGet(inner, TLV.Identifier);
    const accessoryLtpk = tlvGet(inner, TLV.PublicKey);
    const signature = tlvGet(inner, TLV.Signature);
    if (!deviceId || !accessoryLtpk || !signature) return { ok: false, error: "M6 incomplete" };
    const x = hapKdf(this.crypto, K, HAP_KDF.PairSetupAccessorySign);
    if (!this.crypto.ed25519Verify(accessoryLtpk, concatBytes(x, deviceId, accessoryLtpk), signature)) return { ok: false, error: "M6 signature" };
    return { ok: true, value: { deviceId: utf8Decode(deviceId), accessoryLtpk } };
  }

  pairVerifyM1(): Uint8Array {
    const pair = this.crypto.x25519KeyPair();
    this.verify = { secretKey: pair.secretKey, publicKey: pair.publicKey };
    return encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M1), { type: TLV.PublicKey, value: pair.publicKey }]);
  }

  /** Checks the accessory's M2 against its known long-term key and answers M3 (signed with `signAs`, default ours). */
  pairVerifyM3(m2: Uint8Array, accessoryLtpk: Uint8Array, signAs: { id: string; ltsk: Uint8Array } = this): StepOutcome<Uint8Array> {
    const items = readStep(m2, PAIR_STATE.M2);
    if (!items.ok) return items;
    if (!this.verify) return { ok: false, error: "no M1 sent" };
    const accessoryPublic = tlvGet(items.value, TLV.PublicKey);
    const sealed = tlvGet(items.value, TLV.EncryptedData);
    if (!accessoryPublic || !sealed) return { ok: false, error: "M2 incomplete" };
    const shared = this.crypto.x25519SharedSecret(this.verify.secretKey, accessoryPublic);
    const sessionKey = hapKdf(this.crypto, shared, HAP_KDF.PairVerifyEncrypt);
    const inner = openSubTlv(this.crypto, sessionKey, HAP_NONCE.PvMsg02, sealed);
    if (!inner) return { ok: false, error: "M2 does not decrypt" };
    const deviceId = tlvGet(inner, TLV.Identifier);
    const signature = tlvGet(inner, TLV.Signature);
    if (!deviceId || !signature) return { ok: false, error: "M2 inner incomplete" };
    if (!this.crypto.ed25519Verify(accessoryLtpk, concatBytes(accessoryPublic, deviceId, this.verify.publicKey), signature)) {
      return { ok: false, error: "M2 signature" };
    }
    this.verify.shared = shared;
    this.verify.sessionKey = sessionKey;
    const id = utf8Encode(signAs.id);
    const ourSignature = this.crypto.ed25519Sign(signAs.ltsk, concatBytes(this.verify.publicKey, id, accessoryPublic));
    const ours = sealSubTlv(this.crypto, sessionKey, HAP_NONCE.PvMsg03, [
      { type: TLV.Identifier, value: id },
      { type: TLV.Signature, value: ourSignature },
    ]);
    return { ok: true, value: encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M3), { type: TLV.EncryptedData, value: ours }]) };
  }

  /** After M4: the controller's view of the session keys (it writes with Control-Write, reads with Control-Read). */
  pairVerifyDone(m4: Uint8Array): StepOutcome<{ encryptKey: Uint8Array; decryptKey: Uint8Array }> {
    const items = readStep(m4, PAIR_STATE.M4);
    if (!items.ok) return items;
    const shared = this.verify?.shared;
    if (!shared) return { ok: false, error: "no shared secret" };
    return { ok: true, value: { encryptKey: hapKdf(this.crypto, shared, HAP_KDF.ControlWrite), decryptKey: hapKdf(this.crypto, shared, HAP_KDF.ControlRead) } };
  }
}

/** Decode a server reply, check its State and surface its Error code. */
export function readStep(body: Uint8Array, state: number): StepOutcome<TlvItem[]> {
  const decoded = decodeTlv(body);
  if (decoded.error) return { ok: false, error: decoded.error };
  const error = tlvByte(decoded.items, TLV.Error);
  if (error !== undefined) return { ok: false, error: `TLV error ${error}`, code: error };
  if (tlvByte(decoded.items, TLV.State) !== state) return { ok: false, error: `expected state ${state}` };
  return { ok: true, value: decoded.items };
}

export type Exchange = (body: Uint8Array) => Promise<Uint8Array>;

/** Run M1…M6 through `send`; returns the accessory identity learnt, or the first failure. */
export async function runPairSetup(controller: TestController, send: Exchange, setupCode: string) {
  const m3 = controller.pairSetupM3(await send(controller.pairSetupM1()), setupCode);
  if (!m3.ok) return m3;
  const m5 = controller.pairSetupM5(await send(m3.value));
  if (!m5.ok) return m5;
  return controller.pairSetupDone(await send(m5.value));
}

/** Run pair-verify M1…M4 through `send`; returns the controller's session keys, or the first failure. */
export async function runPairVerify(controller: TestController, send: Exchange, accessoryLtpk: Uint8Array) {
  const m3 = controller.pairVerifyM3(await send(controller.pairVerifyM1()), accessoryLtpk);
  if (!m3.ok) return m3;
  return controller.pairVerifyDone(await send(m3.value));
}
