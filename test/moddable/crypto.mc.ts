// The device HapCrypto (hal/moddable/crypto.ts: `crypt`, our libsodium module, `Mont`) on the real Moddable runtime:
// RFC vectors on both it and @noble, agreement on random inputs, then timings of both in one run. Built for lin.
/// <reference path="../../hal/moddable/modular.d.ts" />
/// <reference path="../../hal/moddable/sodium.d.ts" />
import Modular from "modular";
import Mont from "mont";
import * as sodium from "sodium";
import { poly1305 as noblePoly1305 } from "@noble/ciphers/_poly1305.js";
import { x25519 as nobleX25519 } from "@noble/curves/ed25519.js";
import { ourPairingRunner, EXCHANGES, median } from "../../bench/xs/hap-pairing-workload";
import { createModdableCrypto } from "../../hal/moddable/crypto";
import { MODDABLE_AUTH_PRIMITIVES } from "../../hal/moddable/auth-primitives";
import { moddableRandom } from "../../hal/moddable/random";
import { bytesToHex, hexToBytes, utf8Encode } from "../../lib/bytes";
import { modPowWindow } from "../../homekit/crypto/modpow";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import type { HapCrypto } from "../../homekit/crypto/types";
import { PairSetup } from "../../homekit/pairing/pair-setup";
import { SRP_GROUP_1024, SRP_GROUP_3072, srpVerifier } from "../../homekit/srp";
import { sha1 as nobleSha1 } from "@noble/hashes/legacy.js";
import { TestController, runPairSetup } from "../homekit/pairing-controller";
import { MemoryPairingStore } from "../homekit/pairing-memory-store";
import { CHACHA20_POLY1305, ED25519, HKDF_SHA512, SHA512_ABC, SRP_RFC5054, X25519_DH, X25519_SCALAR_MULT } from "../homekit/vectors";
import { assert, assertEqual, run, test } from "../xs/harness";

declare const print: (text: string) => void;

// Deterministic bytes from a counter: the suite must give the same inputs to both implementations.
let counter = 0;
const seed = createNobleCrypto();
function testRandom(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 64) out.set(seed.sha512(utf8Encode(`mc-test-${counter++}`)).subarray(0, Math.min(64, length - at)), at);
  return out;
}

const native = createModdableCrypto(testRandom);
const noble = createNobleCrypto(testRandom);
const h = hexToBytes;

test("SHA-512: FIPS 180-2 abc, empty input, and 0–300 random bytes agree with @noble", () => {
  assertEqual(bytesToHex(native.sha512(utf8Encode("abc"))), SHA512_ABC);
  assertEqual(bytesToHex(native.sha512(new Uint8Array(0))), bytesToHex(noble.sha512(new Uint8Array(0))));
  for (let n = 0; n <= 300; n += 37) {
    const data = testRandom(n);
    assertEqual(bytesToHex(native.sha512(data)), bytesToHex(noble.sha512(data)), `${n} bytes`);
  }
  // A view into a larger buffer hashes only its own bytes.
  const big = testRandom(200);
  assertEqual(bytesToHex(native.sha512(big.subarray(50, 150))), bytesToHex(noble.sha512(big.slice(50, 150))));
});

test("HMAC-SHA512: RFC 4231 test case 2, and short/long keys agree with @noble", () => {
  const tc2 = native.hmacSha512(utf8Encode("Jefe"), utf8Encode("what do ya want for nothing?"));
  assertEqual(bytesToHex(tc2), "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
  for (const keyBytes of [0, 20, 128, 129, 200]) {
    const key = testRandom(keyBytes);
    const data = testRandom(77);
    assertEqual(bytesToHex(native.hmacSha512(key, data)), bytesToHex(noble.hmacSha512(key, data)), `${keyBytes}-byte key`);
  }
});

test("Owner-password hashes (preloaded, as in the firmware): SHA-256 abc, HMAC-SHA256 RFC 4231 cases 2 and 6, in place", () => {
  const auth = MODDABLE_AUTH_PRIMITIVES;
  assertEqual(bytesToHex(auth.sha256(utf8Encode("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const mac = (key: Uint8Array, message: Uint8Array): string => {
    const prf = auth.keyedPrf(key);
    const out = new Uint8Array(prf.outputBytes);
    prf.mac(message, out);
    prf.destroy();
    return bytesToHex(out);
  };
  assertEqual(mac(utf8Encode("Jefe"), utf8Encode("what do ya want for nothing?")), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  const longKey = new Uint8Array(131).fill(0xaa);
  const tc6 = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
  assertEqual(mac(longKey, utf8Encode("Test Using Larger Than Block-Size Key - Hash Key First")), tc6);
  // PBKDF2 chains U_i in place: the output array is the message.
  const prf = auth.keyedPrf(utf8Encode("Jefe"));
  const chained = utf8Encode("what do ya want for nothing?").slice(0, 28);
  const first = new Uint8Array(32);
  prf.mac(chained, first);
  const inPlace = first.slice();
  prf.mac(inPlace, inPlace);
  const separate = new Uint8Array(32);
  prf.mac(first, separate);
  assertEqual(bytesToHex(inPlace), bytesToHex(separate), "mac(out, out) equals mac(message, other)");
});

test("HKDF-SHA512 vectors (RFC 5869 inputs, HAP strings)", () => {
  for (const v of HKDF_SHA512) assertEqual(bytesToHex(native.hkdfSha512(h(v.ikm), h(v.salt), h(v.info), v.length)), v.okm, v.name);
});

test("ChaCha20-Poly1305 RFC 8439 §2.8.2 seal/open; a flipped bit or short input is refused", () => {
  const v = CHACHA20_POLY1305;
  assertEqual(bytesToHex(native.chacha20Poly1305Seal(h(v.key), h(v.nonce), h(v.plaintext), h(v.aad))), v.ciphertext + v.tag);
  const opened = native.chacha20Poly1305Open(h(v.key), h(v.nonce), h(v.ciphertext + v.tag), h(v.aad));
  assertEqual(opened && bytesToHex(opened), v.plaintext);
  for (const at of [0, 60, v.ciphertext.length / 2 + 3]) {
    const bad = h(v.ciphertext + v.tag);
    bad[at] ^= 1;
    assertEqual(native.chacha20Poly1305Open(h(v.key), h(v.nonce), bad, h(v.aad)), undefined, `flip at ${at}`);
  }
  assertEqual(native.chacha20Poly1305Open(h(v.key), h(v.nonce), new Uint8Array(15)), undefined, "shorter than a tag");
});

test("ChaCha20-Poly1305 agrees with @noble for 0–1040 bytes, with and without AAD (HAP frames)", () => {
  for (const n of [0, 1, 15, 16, 63, 64, 65, 1024, 1040]) {
    const key = testRandom(32);
    const nonce = testRandom(12);
    const data = testRandom(n);
    for (const aad of [undefined, new Uint8Array([n & 0xff, n >> 8])]) {
      const sealed = native.chacha20Poly1305Seal(key, nonce, data, aad);
      assertEqual(bytesToHex(sealed), bytesToHex(noble.chacha20Poly1305Seal(key, nonce, data, aad)), `${n} bytes`);
      const back = native.chacha20Poly1305Open(key, nonce, sealed, aad);
      assertEqual(back && bytesToHex(back), bytesToHex(data), `${n} bytes opened`);
    }
  }
});

const BOTH: ReadonlyArray<readonly [string, HapCrypto]> = [["device", native], ["@noble", noble]];

test("X25519 (RFC 7748 §5.2, §6.1) and Ed25519 (RFC 8032 tests 1–3) on the device and @noble paths", () => {
  for (const [name, c] of BOTH) {
    for (const v of X25519_SCALAR_MULT) assertEqual(bytesToHex(c.x25519SharedSecret(h(v.scalar), h(v.u))), v.out, `${name} X25519`);
    assertEqual(bytesToHex(c.x25519SharedSecret(h(X25519_DH.alicePrivate), h(X25519_DH.bobPublic))), X25519_DH.shared, `${name} DH`);
    for (const v of ED25519) {
      assertEqual(bytesToHex(c.ed25519KeyPair(h(v.secret)).publicKey), v.public, `${name} Ed25519 public key`);
      assertEqual(bytesToHex(c.ed25519Sign(h(v.secret), h(v.message))), v.signature, `${name} Ed25519 signature`);
      assert(c.ed25519Verify(h(v.public), h(v.message), h(v.signature)), `${name}: signature verifies`);
    }
  }
  // RFC 7748 §6.1: each side's public key from its secret.
  assertEqual(bytesToHex(new Uint8Array(sodium.x25519Base(h(X25519_DH.alicePrivate)))), bytesToHex(nobleX25519.getPublicKey(h(X25519_DH.alicePrivate))));
});

const POLY1305_RFC8439 = Object.freeze({
  // RFC 8439 §2.5.2
  key: "85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b",
  message: "Cryptographic Forum Research Group",
  tag: "a8061dc1305136c6c22b8baf0c0127a9",
});

test("Poly1305 RFC 8439 §2.5.2 on libsodium and @noble; the AEAD tag agrees with @noble's construction", () => {
  const v = POLY1305_RFC8439;
  assertEqual(bytesToHex(new Uint8Array(sodium.poly1305(h(v.key), utf8Encode(v.message)))), v.tag, "libsodium");
  assertEqual(bytesToHex(noblePoly1305(utf8Encode(v.message), h(v.key))), v.tag, "@noble");
  for (const [aadBytes, cipherBytes] of [[0, 0], [2, 1], [12, 16], [16, 17], [31, 1024]]) {
    const key = testRandom(32);
    const aad = testRandom(aadBytes);
    const ciphertext = testRandom(cipherBytes);
    const padded = (n: number) => Math.ceil(n / 16) * 16;
    const macData = new Uint8Array(padded(aadBytes) + padded(cipherBytes) + 16);
    macData.set(aad, 0);
    macData.set(ciphertext, padded(aadBytes));
    const lengths = new DataView(macData.buffer, macData.length - 16);
    lengths.setUint32(0, aadBytes, true);
    lengths.setUint32(8, cipherBytes, true);
    assertEqual(bytesToHex(new Uint8Array(sodium.aeadTag(key, aad, ciphertext))), bytesToHex(noblePoly1305(macData, key)), `${aadBytes}/${cipherBytes}`);
  }
});

test("X25519 on libsodium: key pairs and shared secrets equal @noble's; a small-order point is refused", () => {
  for (let i = 0; i < 4; i++) {
    const ours = native.x25519KeyPair();
    assertEqual(bytesToHex(ours.publicKey), bytesToHex(nobleX25519.getPublicKey(ours.secretKey)));
    const peer = noble.x25519KeyPair();
    assertEqual(bytesToHex(native.x25519SharedSecret(ours.secretKey, peer.publicKey)), bytesToHex(noble.x25519SharedSecret(peer.secretKey, ours.publicKey)));
  }
  let threw = false;
  try {
    native.x25519SharedSecret(testRandom(32), new Uint8Array(32)); // u = 0 has small order
  } catch {
    threw = true;
  }
  assert(threw, "the all-zero shared secret is refused");
});

test("Native modexp (the device's atomic and sliced forms, the SDK's Modular and Mont LR) equals the JS window modPow", async () => {
  const N = SRP_GROUP_3072.N;
  const modular = new Modular(N);
  const mont = new Mont({ m: N });
  for (let i = 0; i < 3; i++) {
    const base = BigInt("0x" + bytesToHex(testRandom(384))) % N;
    const exponent = BigInt("0x" + bytesToHex(testRandom(32 << i)));
    const expected = modPowWindow(base, exponent, N).toString(16);
    assertEqual(modular.exp(base, exponent).toString(16), expected, `Modular ${256 << i}-bit exponent`);
    assertEqual(mont.exp(base, exponent).toString(16), expected, `Mont LR ${256 << i}-bit exponent`);
    assertEqual(native.modPow(base, exponent, N).toString(16), expected, `device ${256 << i}-bit exponent`);
    let yields = 0;
    const sliced = await native.modPowSliced!(base, exponent, N, async () => void yields++);
    assertEqual(sliced.toString(16), expected, `device sliced ${256 << i}-bit exponent`);
    assert(yields > 0, "the sliced form yields");
  }
  // Edges: exponents 0, 1, one bit over a slice, a base ≥ N, a negative base, an even modulus.
  const base = BigInt("0x" + bytesToHex(testRandom(400)));
  for (const exponent of [0n, 1n, 2n, 15n, 16n, 17n, (1n << 64n) + 1n, (1n << 65n) - 1n, 1n << 200n, N - 1n]) {
    const expected = modPowWindow(base, exponent, N).toString(16);
    assertEqual(native.modPow(base, exponent, N).toString(16), expected, `exponent ${exponent}`);
    assertEqual((await native.modPowSliced!(base, exponent, N, async () => {})).toString(16), expected, `sliced exponent ${exponent}`);
  }
  assertEqual(native.modPow(-7n, 5n, 1000003n), modPowWindow(-7n, 5n, 1000003n), "negative base");
  assertEqual(native.modPow(7n, 77n, 1000000n), modPowWindow(7n, 77n, 1000000n), "even modulus");
  assertEqual(native.modPow(N - 1n, 2n, N), 1n, "(N-1)^2");
  // RFC 5054's 1024-bit group too (a 32-limb modulus), through SRP's own verifier derivation.
  const v = SRP_RFC5054;
  const suite = { group: SRP_GROUP_1024, hash: (d: Uint8Array) => nobleSha1(d), modPow: native.modPow };
  assertEqual(bytesToHex(srpVerifier(suite, h(v.salt), v.username, v.password)).toUpperCase(), v.v, "RFC 5054 verifier");
});

test("Ed25519 with the native SHA-512: keys and signatures equal @noble's; malformed input fails, never throws", () => {
  for (let i = 0; i < 4; i++) {
    const seedBytes = testRandom(32);
    const message = testRandom(i * 50);
    const ours = native.ed25519KeyPair(seedBytes);
    assertEqual(bytesToHex(ours.publicKey), bytesToHex(noble.ed25519KeyPair(seedBytes).publicKey));
    const signature = native.ed25519Sign(seedBytes, message);
    assertEqual(bytesToHex(signature), bytesToHex(noble.ed25519Sign(seedBytes, message)));
    assert(native.ed25519Verify(ours.publicKey, message, signature), "verifies");
    assert(!native.ed25519Verify(ours.publicKey, testRandom(3), signature), "other message fails");
  }
  assert(!native.ed25519Verify(new Uint8Array(31), new Uint8Array(0), new Uint8Array(64)), "short key fails");
  assert(!native.ed25519Verify(new Uint8Array(32).fill(0xff), new Uint8Array(0), new Uint8Array(64).fill(0xff)), "garbage fails");
});

test("A full pair-setup M1–M6 with the device crypto on the accessory side", async () => {
  const outcome = await pairSetupOnce(native);
  assert(outcome, "pair-setup succeeded");
});

test("Device random bytes: exact lengths, no repeated block, byte values spread evenly", () => {
  const sizes = [0, 1, 63, 64, 65, 200];
  for (const n of sizes) assertEqual(moddableRandom.fill(new Uint8Array(n)).length, n);
  const seen: Record<string, true> = {};
  const histogram = new Uint32Array(256);
  const blocks = 256;
  for (let i = 0; i < blocks; i++) {
    const block = moddableRandom.fill(new Uint8Array(64));
    const key = bytesToHex(block);
    assert(!seen[key], "a 64-byte block repeated");
    seen[key] = true;
    for (const b of block) histogram[b]++;
  }
  // 16384 bytes: 64 expected per value; a stuck or biased generator leaves values far outside 20..120.
  for (let v = 0; v < 256; v++) assert(histogram[v] > 20 && histogram[v] < 120, `value ${v} seen ${histogram[v]} times`);
});

/** Accessory-side ms spent in the last pairSetupOnce (the controller's share is left out). */
let accessoryMs = 0;

async function pairSetupOnce(crypto: HapCrypto): Promise<boolean> {
  const code = "518-20-731";
  const store = new MemoryPairingStore(crypto, code);
  const pairSetup = new PairSetup({ crypto, store, yieldFn: async () => {} });
  accessoryMs = 0;
  // The controller (the iPhone's side) always uses @noble: only the accessory's crypto changes between runs.
  const outcome = await runPairSetup(new TestController(noble, `MC-${counter++}`), async (b) => {
    const start = Date.now();
    const reply = await pairSetup.handle(1, b);
    accessoryMs += Date.now() - start;
    return reply.response;
  }, code);
  return outcome.ok;
}

/** Mean ms per call over at least `minMs` of work; Date.now is all the simulator offers, so loop long enough. */
async function time(work: () => unknown | Promise<unknown>, minMs = 300): Promise<number> {
  let calls = 0;
  const start = Date.now();
  while (Date.now() - start < minMs || calls < 3) {
    await work();
    calls++;
  }
  return (Date.now() - start) / calls;
}

async function compare(name: string, make: (crypto: HapCrypto) => () => unknown | Promise<unknown>): Promise<void> {
  const ours = await time(make(native));
  const peer = await time(make(noble));
  print(`bench ${name}: device ${ours.toFixed(3)} ms, @noble ${peer.toFixed(3)} ms, @noble/device ${(peer / ours).toFixed(1)}x`);
}

await run("moddable-crypto");

// Timings after the verdict, so a slow run never hides a failure. Same process, same inputs, alternating peers.
const kb = testRandom(1024);
const key = testRandom(32);
const nonce = testRandom(12);
const salt = utf8Encode("Pair-Setup-Encrypt-Salt");
const info = utf8Encode("Pair-Setup-Encrypt-Info");
const N = SRP_GROUP_3072.N;
const base = BigInt("0x" + bytesToHex(testRandom(384))) % N;
const exponent256 = BigInt("0x" + bytesToHex(testRandom(32)));
const exponent512 = BigInt("0x" + bytesToHex(testRandom(64)));
await compare("SHA-512 1 KB", (c) => () => c.sha512(kb));
await compare("HKDF-SHA512 32 B", (c) => () => c.hkdfSha512(key, salt, info, 32));
await compare("ChaCha20-Poly1305 seal 1 KB", (c) => () => c.chacha20Poly1305Seal(key, nonce, kb));
const edSecret = testRandom(32);
const edPublic = noble.ed25519KeyPair(edSecret).publicKey;
const edSignature = noble.ed25519Sign(edSecret, kb);
await compare("Ed25519 sign 1 KB", (c) => () => c.ed25519Sign(edSecret, kb));
await compare("Ed25519 verify 1 KB", (c) => () => c.ed25519Verify(edPublic, kb, edSignature));
await compare("X25519 shared secret", (c) => () => c.x25519SharedSecret(edSecret, edPublic));
await compare("X25519 key pair", (c) => () => c.x25519KeyPair());
await compare("Ed25519 key pair from a seed", (c) => () => c.ed25519KeyPair(edSecret));
await compare("ChaCha20-Poly1305 open 1 KB", (c) => {
  const sealed = c.chacha20Poly1305Seal(key, nonce, kb);
  return () => c.chacha20Poly1305Open(key, nonce, sealed);
});
{
  const polyOurs = await time(() => sodium.poly1305(key, kb));
  const polyNoble = await time(() => noblePoly1305(kb, key));
  print(`bench Poly1305 1 KB: libsodium ${polyOurs.toFixed(3)} ms, @noble ${polyNoble.toFixed(3)} ms, @noble/device ${(polyNoble / polyOurs).toFixed(1)}x`);
}
const modular = new Modular(N);
const montLR = new Mont({ m: N });
for (const [bits, exponent] of [[256, exponent256], [512, exponent512]] as const) {
  const sdk = await time(() => modular.exp(base, exponent));
  const lr = await time(() => montLR.exp(base, exponent));
  const atomic = await time(() => native.modPow(base, exponent, N));
  const js = await time(() => modPowWindow(base, exponent, N));
  let longest = 0;
  let calls = 0;
  const sliced = await time(async () => {
    let at = Date.now();
    await native.modPowSliced!(base, exponent, N, async () => {
      const t = Date.now();
      longest = Math.max(longest, t - at);
      calls++;
      at = Date.now();
    });
    longest = Math.max(longest, Date.now() - at);
  });
  print(
    `bench modPow 3072-bit, ${bits}-bit exponent: device ${atomic.toFixed(2)} ms, sliced ${sliced.toFixed(2)} ms (${calls / 3 | 0}+ yields, longest slice ${longest} ms), ` +
      `SDK Modular.exp ${sdk.toFixed(2)} ms, SDK Mont LR ${lr.toFixed(2)} ms, JS window ${js.toFixed(2)} ms`,
  );
}
// Rounds alternate between the two so that load from other processes hits both alike.
const totals = { device: 0, noble: 0 };
const rounds = 5;
for (let i = 0; i < rounds; i++) {
  assert(await pairSetupOnce(native), "pair-setup succeeded");
  totals.device += accessoryMs;
  assert(await pairSetupOnce(noble), "pair-setup succeeded");
  totals.noble += accessoryMs;
}
print(`bench pair-setup M1-M6, accessory side only (mean of ${rounds}, alternating): device ${(totals.device / rounds).toFixed(0)} ms, @noble ${(totals.noble / rounds).toFixed(0)} ms`);
// Per exchange, the bench's own workload (bench/xs/hap-pairing-workload.ts): total and longest slice between yields.
{
  const now = () => Date.now();
  const device = ourPairingRunner(native, now);
  const peer = ourPairingRunner(noble, now);
  for (let i = 0; i < rounds; i++) {
    await device.round();
    await peer.round();
  }
  for (const name of EXCHANGES) {
    const d = device.timings[name];
    const p = peer.timings[name];
    const m = (list: typeof d, k: "totalMs" | "longestSliceMs") => median(list.map((t) => t[k]));
    print(`bench ${name} (median of ${rounds}): device ${m(d, "totalMs")} ms, longest slice ${m(d, "longestSliceMs")} ms; @noble ${m(p, "totalMs")} ms, longest slice ${m(p, "longestSliceMs")} ms`);
  }
}
print("bench done");
