// HapCrypto over the audited pure-ES @noble libraries: runs unchanged on Node and on XS.
// Never reaches for platform randomness itself: the caller injects it (crypto.getRandomValues on Node, hal Random on XS).
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha512 } from "@noble/hashes/sha2.js";
import type { HapCrypto, KeyPair } from "./types";
import { modPowWindow, modPowWindowSliced } from "./modpow";

export type RandomBytes = (length: number) => Uint8Array;

const TAG_BYTES = 16;

/** The part of an EdDSA curve HAP uses: @noble's `ed25519`, or the device's one built over the native SHA-512. */
export interface Ed25519Curve {
  getPublicKey(secretKey: Uint8Array): Uint8Array;
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/** HapCrypto's Ed25519 operations over a curve, shared by the Node and device cryptos. */
export function ed25519Operations(curve: Ed25519Curve, randomBytes: RandomBytes): Pick<HapCrypto, "ed25519KeyPair" | "ed25519Sign" | "ed25519Verify"> {
  return {
    ed25519KeyPair: (seed?: Uint8Array): KeyPair => {
      const secretKey = seed ?? randomBytes(32);
      return { secretKey, publicKey: curve.getPublicKey(secretKey) };
    },
    ed25519Sign: (secretKey, message) => curve.sign(message, secretKey),
    ed25519Verify: (publicKey, message, signature) => {
      // Malformed keys or signatures come from peers: they fail verification, they do not throw.
      if (publicKey.length !== 32 || signature.length !== 64) return false;
      try {
        return curve.verify(signature, message, publicKey);
      } catch {
        return false;
      }
    },
  };
}

/** A HapCrypto backed by @noble/*; without `random` only the deterministic primitives may be used. */
export function createNobleCrypto(random?: RandomBytes): HapCrypto {
  const randomBytes = (length: number): Uint8Array => {
    if (!random) throw new Error("createNobleCrypto: no random source injected");
    const out = random(length);
    if (out.length !== length) throw new Error(`random source returned ${out.length} bytes, wanted ${length}`);
    return out;
  };
  return {
    sha512: (data) => sha512(data),
    hmacSha512: (key, data) => hmac(sha512, key, data),
    hkdfSha512: (ikm, salt, info, lengthBytes) => hkdf(sha512, ikm, salt, info, lengthBytes),
    chacha20Poly1305Seal: (key, nonce, plaintext, aad) => chacha20poly1305(key, nonce, aad).encrypt(plaintext),
    chacha20Poly1305Open: (key, nonce, sealed, aad) => {
      // A wrong tag is a normal event on the wire (attacker, lost sync): report it, never throw.
      if (key.length !== 32 || nonce.length !== 12 || sealed.length < TAG_BYTES) return undefined;
      try {
        return chacha20poly1305(key, nonce, aad).decrypt(sealed);
      } catch {
        return undefined;
      }
    },
    x25519KeyPair: (): KeyPair => {
      const secretKey = randomBytes(32);
      return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
    },
    x25519SharedSecret: (secretKey, publicKey) => x25519.getSharedSecret(secretKey, publicKey),
    ...ed25519Operations(ed25519, randomBytes),
    modPow: modPowWindow,
    modPowSliced: (base, exponent, modulus, yieldFn) => modPowWindowSliced(base, exponent, modulus, yieldFn),
    randomBytes,
  };
}
