// Pair-verify (HAP §5.7): M1→M2 (ephemeral X25519, accessory signature), M3→M4 (controller proof) → session keys.
// One instance per connection. Never throws: bad order, unknown controller or bad signature become error TLVs.
import { concatBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import { PAIR_STATE, TLV, TLV_ERROR, decodeTlv, encodeTlv, tlvByte, tlvErrorResponse, tlvGet, tlvItemByte } from "../tlv";
import { HAP_KDF, HAP_NONCE, hapKdf, openSubTlv, sealSubTlv } from "./hap-kdf";
import type { PairingDeps } from "./pair-setup";
import type { PairingStepResult } from "./types";
import type { VerifyGate } from "./verify-gate";

const X25519_KEY_BYTES = 32;

/** The connection a PairVerify serves, as the gate sees it. */
export interface VerifyPeer {
  /** Its remote address: M1s take turns round-robin by it. */
  source: string;
  /** True once its connection closed: an M1 still waiting or being computed for it is dropped. */
  gone(): boolean;
}

export interface PairVerifyDeps extends PairingDeps {
  /** Shared by every connection so M1s take turns (verify-gate.ts). Without one, M1s run as they come (unit tests). */
  gate?: VerifyGate;
  peer?: VerifyPeer;
}

const ANY_PEER: VerifyPeer = Object.freeze({ source: "", gone: () => false });

interface Pending {
  accessoryPublic: Uint8Array;
  controllerPublic: Uint8Array;
  sharedSecret: Uint8Array;
  sessionKey: Uint8Array;
}

export class PairVerify {
  private pending: Pending | undefined;
  private working = false;
  private verified = false;

  constructor(private readonly deps: PairVerifyDeps) {}

  async handle(body: Uint8Array): Promise<PairingStepResult> {
    const decoded = decodeTlv(body);
    const state = tlvByte(decoded.items, TLV.State);
    const replyState = state === PAIR_STATE.M3 ? PAIR_STATE.M4 : PAIR_STATE.M2;
    if (decoded.error || (state !== PAIR_STATE.M1 && state !== PAIR_STATE.M3)) return this.fail(replyState, TLV_ERROR.Unknown);
    // A verified connection talks encrypted frames; a second verify on it, or one overlapping a step in progress, is refused.
    if (this.verified || this.working) return { response: tlvErrorResponse(replyState, TLV_ERROR.Unknown) };
    this.working = true;
    try {
      return state === PAIR_STATE.M1 ? await this.m1(tlvGet(decoded.items, TLV.PublicKey)) : await this.m3(tlvGet(decoded.items, TLV.EncryptedData));
    } catch {
      return this.fail(replyState, TLV_ERROR.Unknown);
    } finally {
      this.working = false;
    }
  }

  private async m1(controllerPublic: Uint8Array | undefined): Promise<PairingStepResult> {
    this.pending = undefined;
    if (!controllerPublic || controllerPublic.length !== X25519_KEY_BYTES) return this.fail(PAIR_STATE.M2, TLV_ERROR.Unknown);
    const { gate } = this.deps;
    const peer = this.deps.peer ?? ANY_PEER;
    // M1 costs seconds of crypto on the chip and anyone may send it: it waits for its turn, or is refused at once.
    if (gate !== undefined && !(await gate.enter(peer.source, () => peer.gone()))) {
      return { response: tlvErrorResponse(PAIR_STATE.M2, TLV_ERROR.Busy), busy: true };
    }
    try {
      return await this.m1Turn(controllerPublic, peer);
    } finally {
      gate?.leave();
    }
  }

  /** M1's crypto, sliced; abandoned between slices if the peer went away (its turn goes to the next one). */
  private async m1Turn(controllerPublic: Uint8Array, peer: VerifyPeer): Promise<PairingStepResult> {
    const { crypto, store } = this.deps;
    const ephemeral = crypto.x25519KeyPair();
    await this.deps.yieldFn();
    if (peer.gone()) return this.fail(PAIR_STATE.M2, TLV_ERROR.Unknown);
    let sharedSecret: Uint8Array;
    try {
      sharedSecret = crypto.x25519SharedSecret(ephemeral.secretKey, controllerPublic);
    } catch {
      // Low-order points give an all-zero secret, which the library refuses: that is a hostile or broken peer.
      return this.fail(PAIR_STATE.M2, TLV_ERROR.Authentication);
    }
    await this.deps.yieldFn();
    if (peer.gone()) return this.fail(PAIR_STATE.M2, TLV_ERROR.Unknown);
    const identity = store.identity();
    const deviceId = utf8Encode(identity.deviceId);
    const signature = crypto.ed25519Sign(identity.ltsk, concatBytes(ephemeral.publicKey, deviceId, controllerPublic));
    await this.deps.yieldFn();
    const sessionKey = hapKdf(crypto, sharedSecret, HAP_KDF.PairVerifyEncrypt);
    const encrypted = sealSubTlv(crypto, sessionKey, HAP_NONCE.PvMsg02, [
      { type: TLV.Identifier, value: deviceId },
      { type: TLV.Signature, value: signature },
    ]);
    this.pending = { accessoryPublic: ephemeral.publicKey, controllerPublic: controllerPublic.slice(), sharedSecret, sessionKey };
    return {
      response: encodeTlv([
        tlvItemByte(TLV.State, PAIR_STATE.M2),
        { type: TLV.PublicKey, value: ephemeral.publicKey },
        { type: TLV.EncryptedData, value: encrypted },
      ]),
    };
  }

  private async m3(sealed: Uint8Array | undefined): Promise<PairingStepResult> {
    const pending = this.pending;
    if (!pending || !sealed) return this.fail(PAIR_STATE.M4, TLV_ERROR.Unknown);
    const { crypto, store } = this.deps;
    const inner = openSubTlv(crypto, pending.sessionKey, HAP_NONCE.PvMsg03, sealed);
    if (!inner) return this.fail(PAIR_STATE.M4, TLV_ERROR.Authentication);
    const idBytes = tlvGet(inner, TLV.Identifier);
    const signature = tlvGet(inner, TLV.Signature);
    if (!idBytes || !signature) return this.fail(PAIR_STATE.M4, TLV_ERROR.Unknown);
    const pairing = store.get(utf8Decode(idBytes));
    if (!pairing) return this.fail(PAIR_STATE.M4, TLV_ERROR.Authentication);
    await this.deps.yieldFn();
    const signed = concatBytes(pending.controllerPublic, idBytes, pending.accessoryPublic);
    if (!crypto.ed25519Verify(pairing.ltpk, signed, signature)) return this.fail(PAIR_STATE.M4, TLV_ERROR.Authentication);
    await this.deps.yieldFn();
    this.pending = undefined;
    this.verified = true;
    return {
      response: encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M4)]),
      session: {
        encryptKey: hapKdf(crypto, pending.sharedSecret, HAP_KDF.ControlRead),
        decryptKey: hapKdf(crypto, pending.sharedSecret, HAP_KDF.ControlWrite),
        controllerId: pairing.id,
        admin: pairing.admin,
      },
    };
  }

  /** Error reply; the half-done exchange is dropped so the controller must restart at M1. */
  private fail(state: number, code: number): PairingStepResult {
    this.pending = undefined;
    return { response: tlvErrorResponse(state, code) };
  }
}
