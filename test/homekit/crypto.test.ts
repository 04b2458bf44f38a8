// HapCrypto (@noble-backed) against the RFC vectors and against Node's OpenSSL as an independent peer.
import { createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, getRandomValues, hkdfSync } from "node:crypto";
import fc from "fast-check";
import { bigIntToBytes, bytesEqual, bytesToBigInt, bytesToHex, hexToBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import { MODPOW_SLICE_BITS, modPowBinary, modPowWindow, modPowWindowSliced } from "../../homekit/crypto/modpow";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { SRP_GROUP_3072 } from "../../homekit/srp";
import { CHACHA20_POLY1305, ED25519, HKDF_SHA512, SHA512_ABC, X25519_DH, X25519_SCALAR_MULT } from "./vectors";

const crypto = createNobleCrypto((n) => getRandomValues(new Uint8Array(n)));
const h = hexToBytes;

describe("hashes", () => {
  test("SHA-512 of abc (FIPS 180-2)", () => {
    expect(bytesToHex(crypto.sha512(new TextEncoder().encode("abc")))).toBe(SHA512_ABC);
  });

  test("SHA-512 and HMAC-SHA512 agree with OpenSSL on random input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 200 }), (key, data) => {
        expect(bytesToHex(crypto.sha512(data))).toBe(createHash("sha512").update(data).digest("hex"));
        expect(bytesToHex(crypto.hmacSha512(key, data))).toBe(createHmac("sha512", key).update(data).digest("hex"));
      }),
      { numRuns: 100 },
    );
  });
});

describe("HKDF-SHA512", () => {
  test.each(HKDF_SHA512.map((v) => [v.name, v]))("%s", (_name, v) => {
    const okm = crypto.hkdfSha512(h(v.ikm), h(v.salt), h(v.info), v.length);
    expect(bytesToHex(okm)).toBe(v.okm);
    // The expected bytes were computed with OpenSSL: keep proving that they still are.
    expect(Buffer.from(hkdfSync("sha512", h(v.ikm), h(v.salt), h(v.info), v.length)).toString("hex")).toBe(v.okm);
  });
});

describe("X25519 (RFC 7748)", () => {
  test.each(X25519_SCALAR_MULT.map((v, i) => [i + 1, v]))("§5.2 vector %i", (_i, v) => {
    expect(bytesToHex(crypto.x25519SharedSecret(h(v.scalar), h(v.u)))).toBe(v.out);
  });

  test("OpenSSL computes the same vectors (guards against a mistyped vector)", () => {
    const b64 = (hex: string) => Buffer.from(hex, "hex").toString("base64url");
    for (const v of X25519_SCALAR_MULT) {
      const privateKey = createPrivateKey({ key: { kty: "OKP", crv: "X25519", d: b64(v.scalar), x: b64("00".repeat(32)) }, format: "jwk" });
      const publicKey = createPublicKey({ key: { kty: "OKP", crv: "X25519", x: b64(v.u) }, format: "jwk" });
      expect(diffieHellman({ privateKey, publicKey }).toString("hex")).toBe(v.out);
    }
  });

  test("§6.1 Alice and Bob", () => {
    const v = X25519_DH;
    expect(bytesToHex(crypto.x25519SharedSecret(h(v.alicePrivate), h(v.bobPublic)))).toBe(v.shared);
    expect(bytesToHex(crypto.x25519SharedSecret(h(v.bobPrivate), h(v.alicePublic)))).toBe(v.shared);
  });

  test("generated key pairs agree", () => {
    const a = crypto.x25519KeyPair();
    const b = crypto.x25519KeyPair();
    expect(bytesToHex(crypto.x25519SharedSecret(a.secretKey, b.publicKey))).toBe(bytesToHex(crypto.x25519SharedSecret(b.secretKey, a.publicKey)));
  });
});

describe("Ed25519 (RFC 8032)", () => {
  test.each(ED25519.map((v, i) => [i + 1, v]))("test %i", (_i, v) => {
    const pair = crypto.ed25519KeyPair(h(v.secret));
    expect(bytesToHex(pair.publicKey)).toBe(v.public);
    expect(bytesToHex(crypto.ed25519Sign(h(v.secret), h(v.message)))).toBe(v.signature);
    expect(crypto.ed25519Verify(h(v.public), h(v.message), h(v.signature))).toBe(true);
  });

  test("a flipped bit, a wrong key or malformed lengths fail without throwing", () => {
    const v = ED25519[2];
    const sig = h(v.signature);
    sig[10] ^= 1;
    expect(crypto.ed25519Verify(h(v.public), h(v.message), sig)).toBe(false);
    expect(crypto.ed25519Verify(h(ED25519[0].public), h(v.message), h(v.signature))).toBe(false);
    expect(crypto.ed25519Verify(new Uint8Array(31), h(v.message), h(v.signature))).toBe(false);
    expect(crypto.ed25519Verify(h(v.public), h(v.message), new Uint8Array(63))).toBe(false);
    expect(crypto.ed25519Verify(new Uint8Array(32).fill(0xff), h(v.message), h(v.signature))).toBe(false);
  });
});

describe("ChaCha20-Poly1305 (RFC 8439 §2.8.2)", () => {
  const v = CHACHA20_POLY1305;
  test("seal gives the RFC ciphertext and tag", () => {
    expect(bytesToHex(crypto.chacha20Poly1305Seal(h(v.key), h(v.nonce), h(v.plaintext), h(v.aad)))).toBe(v.ciphertext + v.tag);
  });

  test("open returns the plaintext; a bad tag, AAD or short input gives undefined", () => {
    const sealed = h(v.ciphertext + v.tag);
    expect(bytesToHex(crypto.chacha20Poly1305Open(h(v.key), h(v.nonce), sealed, h(v.aad))!)).toBe(v.plaintext);
    const bad = sealed.slice();
    bad[bad.length - 1] ^= 0x80;
    expect(crypto.chacha20Poly1305Open(h(v.key), h(v.nonce), bad, h(v.aad))).toBeUndefined();
    expect(crypto.chacha20Poly1305Open(h(v.key), h(v.nonce), sealed, new Uint8Array(0))).toBeUndefined();
    expect(crypto.chacha20Poly1305Open(h(v.key), h(v.nonce), new Uint8Array(5))).toBeUndefined();
  });
});

describe("modPow", () => {
  const N = SRP_GROUP_3072.N;
  const big = (bytes: Uint8Array) => BigInt("0x0" + bytesToHex(bytes));

  test("window and square-and-multiply agree with each other for random SRP-sized inputs", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 384 }), fc.uint8Array({ minLength: 0, maxLength: 64 }), (b, e) => {
        expect(modPowWindow(big(b), big(e), N)).toBe(modPowBinary(big(b), big(e), N));
      }),
      { numRuns: 30 },
    );
  });

  test("the sliced form gives the same result and pauses about once per slice of exponent bits", async () => {
    const base = big(getRandomValues(new Uint8Array(384)));
    for (const exponentBytes of [1, 32, 64]) {
      const exponent = big(getRandomValues(new Uint8Array(exponentBytes))) | 1n;
      let pauses = 0;
      const result = await modPowWindowSliced(base, exponent, N, async () => {
        pauses++;
      });
      expect(result).toBe(modPowBinary(base, exponent, N));
      const bits = exponent.toString(2).length;
      expect(pauses).toBeGreaterThanOrEqual(Math.floor(bits / MODPOW_SLICE_BITS) - 1);
      expect(pauses).toBeLessThanOrEqual(Math.ceil(bits / MODPOW_SLICE_BITS));
    }
  });

  test("small cases against the definition", () => {
    for (const [b, e, m] of [[4n, 13n, 497n], [2n, 0n, 7n], [0n, 5n, 7n], [5n, 1n, 1n], [-3n, 3n, 7n]] as const) {
      let expected = 1n % m;
      for (let i = 0n; i < e; i++) expected = (expected * b) % m;
      expected = (expected + m) % m;
      expect(modPowWindow(b, e, m)).toBe(expected);
      expect(modPowBinary(b, e, m)).toBe(expected);
    }
  });

  test("Fermat: 5^(N-1) = 1 mod N for the prime 3072-bit group", () => {
    expect(crypto.modPow(5n, N - 1n, N)).toBe(1n);
  });
});

describe("randomness", () => {
  test("comes from the injected source only", () => {
    let calls = 0;
    const fixed = createNobleCrypto((n) => {
      calls++;
      return new Uint8Array(n).fill(7);
    });
    expect(Array.from(fixed.randomBytes(3))).toEqual([7, 7, 7]);
    expect(bytesToHex(fixed.ed25519KeyPair().secretKey)).toBe("07".repeat(32));
    expect(calls).toBe(2);
    expect(() => createNobleCrypto().randomBytes(4)).toThrow(/no random source/);
  });
});

describe("byte helpers", () => {
  test("UTF-8 encode/decode agree with TextEncoder/TextDecoder, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }).map((codes) => String.fromCharCode(...codes))), (text) => {
        expect(Buffer.from(utf8Encode(text)).equals(Buffer.from(new TextEncoder().encode(text)))).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(utf8Decode(bytes)).toBe(new TextDecoder().decode(bytes));
      }),
      { numRuns: 300 },
    );
  });

  test("BigInt <-> bytes round trip with padding; bytesEqual compares content and length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 48 }), (bytes) => {
        const value = bytesToBigInt(bytes);
        expect(bytesToHex(bigIntToBytes(value, bytes.length))).toBe(bytesToHex(bytes));
      }),
    );
    expect(Array.from(bigIntToBytes(0x0102n, 4))).toEqual([0, 0, 1, 2]);
    expect(Array.from(bigIntToBytes(0x10203n))).toEqual([1, 2, 3]);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBe(false);
  });
});
