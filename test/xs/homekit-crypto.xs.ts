// The HAP crypto primitives and SRP on the real XS engine, against the same RFC vectors the jest lane uses.
// Runs under xsnap: no Node, no crypto.getRandomValues (only deterministic primitives are exercised here).
import { sha1 } from "@noble/hashes/legacy.js";
import { bigIntToBytes, bytesToHex, concatByteList, concatBytes, hexToBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import { modPowBinary, modPowWindow, modPowWindowSliced } from "../../homekit/crypto/modpow";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { SRP_GROUP_1024, SRP_GROUP_3072, SrpServer, srpMultiplier, srpPrivateKey, srpScrambler, srpServerPublic, srpVerifier } from "../../homekit/srp";
import { decodeTlv, encodeTlv, TLV, tlvGet } from "../../homekit/tlv";
import { srpClientExchange } from "../homekit/pairing-controller";
import { CHACHA20_POLY1305, ED25519, HKDF_SHA512, SHA512_ABC, SRP_RFC5054, X25519_DH, X25519_SCALAR_MULT } from "../homekit/vectors";
import { assert, assertEqual, run, test } from "./harness";

const crypto = createNobleCrypto();
const h = hexToBytes;

test("SHA-512 of abc", () => {
  assertEqual(bytesToHex(crypto.sha512(utf8Encode("abc"))), SHA512_ABC);
});

test("HKDF-SHA512 vectors", () => {
  for (const v of HKDF_SHA512) assertEqual(bytesToHex(crypto.hkdfSha512(h(v.ikm), h(v.salt), h(v.info), v.length)), v.okm, v.name);
});

test("X25519 RFC 7748 §5.2 and §6.1", () => {
  for (const v of X25519_SCALAR_MULT) assertEqual(bytesToHex(crypto.x25519SharedSecret(h(v.scalar), h(v.u))), v.out);
  assertEqual(bytesToHex(crypto.x25519SharedSecret(h(X25519_DH.alicePrivate), h(X25519_DH.bobPublic))), X25519_DH.shared);
  assertEqual(bytesToHex(crypto.x25519SharedSecret(h(X25519_DH.bobPrivate), h(X25519_DH.alicePublic))), X25519_DH.shared);
});

test("Ed25519 RFC 8032 tests 1–3, and a flipped bit fails", () => {
  for (const v of ED25519) {
    assertEqual(bytesToHex(crypto.ed25519KeyPair(h(v.secret)).publicKey), v.public);
    assertEqual(bytesToHex(crypto.ed25519Sign(h(v.secret), h(v.message))), v.signature);
    assert(crypto.ed25519Verify(h(v.public), h(v.message), h(v.signature)), "signature verifies");
    const bad = h(v.signature);
    bad[0] ^= 1;
    assert(!crypto.ed25519Verify(h(v.public), h(v.message), bad), "flipped signature must fail");
  }
});

test("ChaCha20-Poly1305 RFC 8439 §2.8.2 seal and open", () => {
  const v = CHACHA20_POLY1305;
  assertEqual(bytesToHex(crypto.chacha20Poly1305Seal(h(v.key), h(v.nonce), h(v.plaintext), h(v.aad))), v.ciphertext + v.tag);
  const opened = crypto.chacha20Poly1305Open(h(v.key), h(v.nonce), h(v.ciphertext + v.tag), h(v.aad));
  assertEqual(opened && bytesToHex(opened), v.plaintext);
  const bad = h(v.ciphertext + v.tag);
  bad[3] ^= 1;
  assertEqual(crypto.chacha20Poly1305Open(h(v.key), h(v.nonce), bad, h(v.aad)), undefined);
});

test("RFC 5054 Appendix B SRP vector (1024-bit, SHA-1)", async () => {
  const v = SRP_RFC5054;
  const suite = { group: SRP_GROUP_1024, hash: sha1, modPow: modPowWindow };
  const salt = h(v.salt);
  assertEqual(srpMultiplier(suite).toString(16).toUpperCase(), v.k);
  assertEqual(srpPrivateKey(suite, salt, v.username, v.password).toString(16).toUpperCase(), v.x);
  assertEqual(bytesToHex(srpVerifier(suite, salt, v.username, v.password)).toUpperCase(), v.v);
  const B = srpServerPublic(suite, BigInt("0x" + v.v), BigInt("0x" + v.b));
  assertEqual(bytesToHex(B).toUpperCase(), v.B);
  assertEqual(srpScrambler(suite, h(v.A), B).toString(16).toUpperCase(), v.u);
  const client = srpClientExchange(suite, { username: v.username, password: v.password, salt, serverPublic: B, secret: h(v.a) });
  assertEqual(bytesToHex(client.clientPublic).toUpperCase(), v.A);
  assertEqual(bytesToHex(bigIntToBytes(client.premaster, 128)).toUpperCase(), v.premaster);
  const server = new SrpServer(suite, { username: v.username, salt, verifier: h(v.v), secret: h(v.b) });
  assertEqual(bytesToHex(await server.publicKey()).toUpperCase(), v.B);
  assert(await server.acceptClientPublic(client.clientPublic) && (await server.computePremaster()), "server computes S");
  assert(server.verifyProof(client.clientProof).ok, "server S equals the vector's (it accepts the proof)");
});

test("HAP 3072-bit SRP exchange (sliced modPow) and modPow variants agree", async () => {
  let pauses = 0;
  const pause = async (): Promise<void> => {
    pauses++;
  };
  const suite = {
    group: SRP_GROUP_3072,
    hash: crypto.sha512,
    modPow: crypto.modPow,
    modPowAsync: (b: bigint, e: bigint, m: bigint) => modPowWindowSliced(b, e, m, pause),
  };
  const salt = h("00112233445566778899aabbccddeeff");
  const server = new SrpServer(suite, { username: "Pair-Setup", salt, verifier: srpVerifier(suite, salt, "Pair-Setup", "031-45-154"), secret: h("42".repeat(32)) });
  const client = srpClientExchange(suite, { username: "Pair-Setup", password: "031-45-154", salt, serverPublic: await server.publicKey(), secret: h("17".repeat(32)) });
  assert(await server.acceptClientPublic(client.clientPublic) && (await server.computePremaster()), "server computes S");
  const verdict = server.verifyProof(client.clientProof);
  assert(verdict.ok, "proof accepted");
  if (verdict.ok) assertEqual(bytesToHex(verdict.serverProof), bytesToHex(client.expectedServerProof));
  assert(pauses > 20, `the server's exponentiations were sliced (${pauses} pauses)`);
  const base = BigInt("0x" + "3".repeat(700));
  const exponent = BigInt("0x" + "9f".repeat(40));
  assertEqual(modPowWindow(base, exponent, SRP_GROUP_3072.N), modPowBinary(base, exponent, SRP_GROUP_3072.N));
});

test("TLV fragments and UTF-8 round trip on XS", () => {
  const value = new Uint8Array(600).fill(9);
  assertEqual(tlvGet(decodeTlv(encodeTlv([{ type: TLV.PublicKey, value }])).items, TLV.PublicKey)?.length, 600);
  assertEqual(utf8Decode(utf8Encode("Délesteur ✓ 🔥")), "Délesteur ✓ 🔥");
  assertEqual(utf8Decode(Uint8Array.of(0x61, 0xe0, 0xa0, 0x62, 0xff)), "a\ufffdb\ufffd");
  assertEqual(Array.from(utf8Encode("\ud800")), [0xef, 0xbf, 0xbd]);
});

test("concatByteList joins 20 000 parts on XS (a spread that long overflows the XS stack)", () => {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < 20_000; i++) parts.push(Uint8Array.of(i & 0xff, i >> 8));
  const joined = concatByteList(parts);
  assertEqual(joined.length, 40_000);
  assertEqual(joined[2 * 19_999 + 1], 19_999 >> 8);
  assertEqual(bytesToHex(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))), "010203");
});

await run("homekit-crypto");
