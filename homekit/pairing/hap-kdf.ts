// HAP's key-derivation labels and fixed nonces (one frozen table) and the sealed sub-TLV helpers built on them.
// Pure functions over HapCrypto: never throws on peer data (a bad tag or TLV yields undefined).
import { utf8Encode } from "../../lib/bytes";
import type { HapCrypto } from "../crypto/types";
import { decodeTlv, encodeTlv, type TlvItem } from "../tlv";

/** HKDF-SHA512 salt/info pairs of HAP §5.6–5.7 and the session keys (§6.5.2). */
export const HAP_KDF = Object.freeze({
  PairSetupEncrypt: Object.freeze({ salt: "Pair-Setup-Encrypt-Salt", info: "Pair-Setup-Encrypt-Info" }),
  PairSetupControllerSign: Object.freeze({ salt: "Pair-Setup-Controller-Sign-Salt", info: "Pair-Setup-Controller-Sign-Info" }),
  PairSetupAccessorySign: Object.freeze({ salt: "Pair-Setup-Accessory-Sign-Salt", info: "Pair-Setup-Accessory-Sign-Info" }),
  PairVerifyEncrypt: Object.freeze({ salt: "Pair-Verify-Encrypt-Salt", info: "Pair-Verify-Encrypt-Info" }),
  ControlRead: Object.freeze({ salt: "Control-Salt", info: "Control-Read-Encryption-Key" }),
  ControlWrite: Object.freeze({ salt: "Control-Salt", info: "Control-Write-Encryption-Key" }),
});

export type HapKdfLabel = (typeof HAP_KDF)[keyof typeof HAP_KDF];

/** The 8-character nonces of the pairing messages; padded with 4 leading zero bytes to ChaCha20's 12. */
export const HAP_NONCE = Object.freeze({
  PsMsg05: "PS-Msg05",
  PsMsg06: "PS-Msg06",
  PvMsg02: "PV-Msg02",
  PvMsg03: "PV-Msg03",
});

export const HAP_KEY_BYTES = 32;

export function hapKdf(crypto: HapCrypto, ikm: Uint8Array, label: HapKdfLabel): Uint8Array {
  return crypto.hkdfSha512(ikm, utf8Encode(label.salt), utf8Encode(label.info), HAP_KEY_BYTES);
}

export function hapNonce(label: string): Uint8Array {
  const nonce = new Uint8Array(12);
  nonce.set(utf8Encode(label), 4);
  return nonce;
}

/** TLV-encode `items`, then ChaCha20-Poly1305 seal them (the EncryptedData of M5/M6, PV M2/M3). */
export function sealSubTlv(crypto: HapCrypto, key: Uint8Array, nonceLabel: string, items: readonly TlvItem[]): Uint8Array {
  return crypto.chacha20Poly1305Seal(key, hapNonce(nonceLabel), encodeTlv(items));
}

/** Open and decode an EncryptedData item; undefined when the tag fails or the inner TLV is truncated. */
export function openSubTlv(crypto: HapCrypto, key: Uint8Array, nonceLabel: string, sealed: Uint8Array): TlvItem[] | undefined {
  const plain = crypto.chacha20Poly1305Open(key, hapNonce(nonceLabel), sealed);
  if (!plain) return undefined;
  const decoded = decodeTlv(plain);
  return decoded.error ? undefined : decoded.items;
}
