// hal/moddable/crypto.ts, random.ts and build-config.ts in jest, with the SDK's native `crypt` and `rng` and our native
// `sodium` and `montgomery` played by Node (CI has no SDK; the real natives are checked by test/moddable/crypto.mc.ts
// on the lin build). Also: the manifests wire the native modules, and every host function declared exists in its C.
import { randomBytes as nodeRandomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { applyBuildProvisioning } from "../../hal/moddable/build-config";
import { MONTGOMERY_MULTIPLICATIONS_PER_SLICE, createModdableCrypto } from "../../hal/moddable/crypto";
import { modPowWindow } from "../../homekit/crypto/modpow";
import { SRP_GROUP_1024, SRP_GROUP_3072 } from "../../homekit/srp";
import { multiplicationsFor } from "./support/fake-montgomery";
import { moddableRandom } from "../../hal/moddable/random";
import { bytesToHex, hexToBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { HAP_KEYS } from "../../homekit/pairing-store";
import { PORTAL_KEYS } from "../../src/portal/settings";
import { MemoryStore } from "../../src/device/memory-store";
import { CHACHA20_POLY1305, ED25519, HKDF_SHA512, SHA512_ABC, X25519_DH, X25519_SCALAR_MULT } from "../homekit/vectors";

// jest hoists these above the imports, so the stand-ins live in their own module.
jest.mock("crypt", () => jest.requireActual("./support/fake-crypt"), { virtual: true });
jest.mock("sodium", () => jest.requireActual("./support/fake-sodium"), { virtual: true });
jest.mock("montgomery", () => jest.requireActual("./support/fake-montgomery"), { virtual: true });
// The SDK rng is deliberately broken here (all zeros): random.ts must not depend on it alone.
jest.mock("rng", () => ({ __esModule: true, default: { get: (count: number) => new ArrayBuffer(count) } }), { virtual: true });

const random = (length: number): Uint8Array => new Uint8Array(nodeRandomBytes(length));
const device = createModdableCrypto(random);
const noble = createNobleCrypto(random);
const h = hexToBytes;

describe("device HapCrypto around the native digest and cipher", () => {
  test("SHA-512, HKDF and RFC 4231 HMAC vectors", () => {
    expect(bytesToHex(device.sha512(utf8Encode("abc")))).toBe(SHA512_ABC);
    for (const v of HKDF_SHA512) expect(bytesToHex(device.hkdfSha512(h(v.ikm), h(v.salt), h(v.info), v.length))).toBe(v.okm);
    expect(bytesToHex(device.hmacSha512(utf8Encode("Jefe"), utf8Encode("what do ya want for nothing?")))).toBe(
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    );
  });

  test("RFC 8439 §2.8.2 seal and open; a flipped tag bit is refused", () => {
    const v = CHACHA20_POLY1305;
    const sealed = device.chacha20Poly1305Seal(h(v.key), h(v.nonce), h(v.plaintext), h(v.aad));
    expect(bytesToHex(sealed)).toBe(v.ciphertext + v.tag);
    expect(bytesToHex(device.chacha20Poly1305Open(h(v.key), h(v.nonce), sealed, h(v.aad))!)).toBe(v.plaintext);
    sealed[sealed.length - 1] ^= 0x80;
    expect(device.chacha20Poly1305Open(h(v.key), h(v.nonce), sealed, h(v.aad))).toBeUndefined();
  });

  test("HMAC, HKDF, AEAD and Ed25519 agree with @noble on random inputs", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 1, max: 200 }), (key, data, aad, length) => {
        expect(bytesToHex(device.hmacSha512(key, data))).toBe(bytesToHex(noble.hmacSha512(key, data)));
        expect(bytesToHex(device.hkdfSha512(data, key, aad, length))).toBe(bytesToHex(noble.hkdfSha512(data, key, aad, length)));
        const k = device.sha512(key).subarray(0, 32);
        const nonce = device.sha512(data).subarray(0, 12);
        const sealed = device.chacha20Poly1305Seal(k, nonce, data, aad);
        expect(bytesToHex(sealed)).toBe(bytesToHex(noble.chacha20Poly1305Seal(k, nonce, data, aad)));
        expect(bytesToHex(device.chacha20Poly1305Open(k, nonce, sealed, aad)!)).toBe(bytesToHex(data));
      }),
      { numRuns: 60 },
    );
    for (const v of ED25519) expect(bytesToHex(device.ed25519Sign(h(v.secret), h(v.message)))).toBe(v.signature);
  });

  test("malformed peer input is refused without a throw", () => {
    expect(device.chacha20Poly1305Open(new Uint8Array(32), new Uint8Array(12), new Uint8Array(15))).toBeUndefined();
    expect(device.chacha20Poly1305Open(new Uint8Array(31), new Uint8Array(12), new Uint8Array(40))).toBeUndefined();
    expect(device.ed25519Verify(new Uint8Array(32).fill(0xff), new Uint8Array(0), new Uint8Array(64).fill(0xff))).toBe(false);
    expect(device.ed25519Verify(new Uint8Array(31), new Uint8Array(0), new Uint8Array(64))).toBe(false);
  });
});

describe("device HapCrypto around the native curves and modexp", () => {
  test("RFC 7748 X25519 and RFC 8032 Ed25519 through the device wrappers; key pairs equal @noble's", () => {
    for (const v of X25519_SCALAR_MULT) expect(bytesToHex(device.x25519SharedSecret(h(v.scalar), h(v.u)))).toBe(v.out);
    expect(bytesToHex(device.x25519SharedSecret(h(X25519_DH.alicePrivate), h(X25519_DH.bobPublic)))).toBe(X25519_DH.shared);
    for (const v of ED25519) {
      expect(bytesToHex(device.ed25519KeyPair(h(v.secret)).publicKey)).toBe(v.public);
      expect(device.ed25519Verify(h(v.public), h(v.message), h(v.signature))).toBe(true);
    }
    const pair = device.x25519KeyPair();
    expect(pair.secretKey).toHaveLength(32);
    expect(bytesToHex(pair.publicKey)).toBe(bytesToHex(noble.x25519SharedSecret(pair.secretKey, h("09".padEnd(64, "0")))));
  });

  test("a small-order X25519 point throws (pair-verify turns it into an error TLV)", () => {
    expect(() => device.x25519SharedSecret(random(32), new Uint8Array(32))).toThrow(RangeError);
  });

  test("modPow and modPowSliced equal the JS window; the sliced one yields once per slice of multiplications", async () => {
    const N = SRP_GROUP_3072.N;
    // A modulus seen for the first time: its context is computed in a slice of its own (one more yield).
    let coldYields = 0;
    const cold = await device.modPowSliced!(3n, 0xffffn, SRP_GROUP_1024.N, async () => void coldYields++);
    expect(cold).toBe(modPowWindow(3n, 0xffffn, SRP_GROUP_1024.N));
    expect(coldYields).toBe(Math.ceil(multiplicationsFor(16) / MONTGOMERY_MULTIPLICATIONS_PER_SLICE) + 1);
    device.modPow(2n, 3n, N); // the 3072-bit group's context, so the counts below are the steady state
    for (const bytes of [32, 64]) {
      const base = BigInt("0x" + bytesToHex(random(400)));
      const exponent = BigInt("0x" + bytesToHex(random(bytes))) | (1n << BigInt(bytes * 8 - 1));
      const expected = modPowWindow(base, exponent, N);
      expect(device.modPow(base, exponent, N)).toBe(expected);
      let yields = 0;
      expect(await device.modPowSliced!(base, exponent, N, async () => void yields++)).toBe(expected);
      // One yield after the setup, then one after each step but the last: one per native step call.
      expect(yields).toBe(Math.ceil(multiplicationsFor(bytes * 8) / MONTGOMERY_MULTIPLICATIONS_PER_SLICE));
    }
    for (const [base, exponent, modulus] of [[5n, 0n, N], [5n, 3n, 1n], [-7n, 5n, 1000003n], [7n, 77n, 1000000n]] as const) {
      expect(device.modPow(base, exponent, modulus)).toBe(modPowWindow(base, exponent, modulus));
      expect(await device.modPowSliced!(base, exponent, modulus, async () => {})).toBe(modPowWindow(base, exponent, modulus));
    }
    expect(() => device.modPow(5n, -1n, N)).toThrow(RangeError);
  });
});

describe("native modules wired in the manifests", () => {
  const root = join(__dirname, "../..");
  const json = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8"));
  const hostFunctions = (js: string) => [...js.matchAll(/@ "(xs_\w+)"/g)].map((m) => m[1]);

  test.each(["sodium", "montgomery"])("%s: every host function the .js declares is defined in the .c", (name) => {
    const js = readFileSync(join(root, `hal/moddable/native/${name}.js`), "utf8");
    const c = readFileSync(join(root, `hal/moddable/native/${name}.c`), "utf8");
    const declared = hostFunctions(js);
    expect(declared.length).toBeGreaterThan(3);
    for (const fn of declared) expect(c).toMatch(new RegExp(`^void ${fn}\\(xsMachine \\*the\\)`, "m"));
  });

  test.each([
    ["manifest.json", "./"],
    ["test/moddable/manifest.json", "../../"],
  ])("%s maps sodium and montgomery, links libsodium on lin and asks ESP-IDF for it on esp32", (path, prefix) => {
    const manifest = json(path);
    for (const name of ["sodium", "montgomery"]) {
      expect(manifest.modules[name]).toBe(`${prefix}hal/moddable/native/${name}`);
      for (const ext of ["c", "js"]) expect(existsSync(join(root, `hal/moddable/native/${name}.${ext}`))).toBe(true);
    }
    expect(manifest.platforms.lin.build.LIBRARIES).toBe("-lsodium");
    if (path === "manifest.json") expect(manifest.platforms.esp32.dependency).toEqual([expect.objectContaining({ name: "libsodium" })]);
  });
});

describe("device random bytes", () => {
  test("exact lengths, and distinct blocks even when the SDK rng returns zeros", () => {
    for (const n of [0, 1, 64, 65, 130]) expect(moddableRandom.fill(new Uint8Array(n))).toHaveLength(n);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(bytesToHex(moddableRandom.fill(new Uint8Array(32))));
    expect(seen.size).toBe(200);
  });
});

describe("build-time provisioning", () => {
  const text = (store: MemoryStore, key: string) => {
    const bytes = store.get(key);
    return bytes && utf8Decode(bytes);
  };

  test("a new box stores the build's Wi-Fi and setup code", () => {
    const store = new MemoryStore();
    expect(applyBuildProvisioning(store, { ssid: "net", password: "pw", setupCode: "518-20-731" })).toEqual(["wifi", "setupCode"]);
    expect([text(store, PORTAL_KEYS.wifiSsid), text(store, PORTAL_KEYS.wifiPassword), text(store, PORTAL_KEYS.setupCode)]).toEqual(["net", "pw", "518-20-731"]);
  });

  test("what the owner set, or a derived verifier, wins over the build", () => {
    const store = new MemoryStore();
    store.set(PORTAL_KEYS.wifiSsid, utf8Encode("home"));
    store.set(HAP_KEYS.srp, utf8Encode("{}"));
    expect(applyBuildProvisioning(store, { ssid: "net", password: "pw", setupCode: "518-20-731" })).toEqual([]);
    expect(text(store, PORTAL_KEYS.wifiSsid)).toBe("home");
    expect(store.get(PORTAL_KEYS.setupCode)).toBeUndefined();
  });

  test("no build keys: nothing stored; an open network stores an empty password", () => {
    const store = new MemoryStore();
    expect(applyBuildProvisioning(store, {})).toEqual([]);
    expect(store.keys()).toEqual([]);
    applyBuildProvisioning(store, { ssid: "open" });
    expect(text(store, PORTAL_KEYS.wifiPassword)).toBe("");
  });
});
