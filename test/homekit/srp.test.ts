// SRP-6a: the RFC 5054 Appendix B vector (1024-bit/SHA-1), and HAP's 3072-bit/SHA-512 exchange against two clients:
// one written here from the formulas and fast-srp-hap (HAP-NodeJS's SRP library) as an independent peer.
import { getRandomValues } from "node:crypto";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { SRP as FastSrp, SrpClient as FastSrpClient, SrpServer as FastSrpServer } from "fast-srp-hap";
import { bigIntToBytes, bytesToBigInt, bytesToHex, hexToBytes } from "../../lib/bytes";
import { modPowBinary, modPowWindow } from "../../homekit/crypto/modpow";
import {
  HAP_SRP_USERNAME,
  SRP_GROUP_1024,
  SRP_GROUP_3072,
  SrpServer,
  srpMultiplier,
  srpPrivateKey,
  srpPublicValid,
  srpScrambler,
  srpServerPublic,
  srpVerifier,
} from "../../homekit/srp";
import { srpClientExchange } from "./pairing-controller";
import { SRP_RFC5054 } from "./vectors";

const random = (n: number) => getRandomValues(new Uint8Array(n));
const hap = { group: SRP_GROUP_3072, hash: sha512, modPow: modPowWindow };
const hexUpper = (bytes: Uint8Array) => bytesToHex(bytes).toUpperCase();

describe("RFC 5054 Appendix B (1024-bit group, SHA-1)", () => {
  const v = SRP_RFC5054;
  const suite = { group: SRP_GROUP_1024, hash: sha1, modPow: modPowBinary };
  const salt = hexToBytes(v.salt);

  test("k, x, v", async () => {
    expect(srpMultiplier(suite).toString(16).toUpperCase()).toBe(v.k);
    expect(srpPrivateKey(suite, salt, v.username, v.password).toString(16).toUpperCase()).toBe(v.x);
    expect(hexUpper(srpVerifier(suite, salt, v.username, v.password))).toBe(v.v);
  });

  test("A, B, u and the premaster secret on both sides", async () => {
    const { N, g } = SRP_GROUP_1024;
    const a = BigInt("0x" + v.a);
    const b = BigInt("0x" + v.b);
    const A = bigIntToBytes(modPowWindow(g, a, N), 128);
    expect(hexUpper(A)).toBe(v.A);
    const B = srpServerPublic(suite, BigInt("0x" + v.v), b);
    expect(hexUpper(B)).toBe(v.B);
    expect(srpScrambler(suite, A, B).toString(16).toUpperCase()).toBe(v.u);
    // Server: (A·v^u)^b; the class splits it in two slices.
    const server = new SrpServer(suite, { username: v.username, salt, verifier: hexToBytes(v.v), secret: hexToBytes(v.b) });
    expect(hexUpper(await server.publicKey())).toBe(v.B);
    expect(await server.acceptClientPublic(A)).toBe(true);
    expect(await server.computePremaster()).toBe(true);
    const client = srpClientExchange(suite, { username: v.username, password: v.password, salt, serverPublic: B, secret: hexToBytes(v.a) });
    expect(hexUpper(bigIntToBytes(client.premaster, 128))).toBe(v.premaster);
    // The server's S equals the client's (hence the vector) iff it accepts the client's proof built from K = H(S).
    expect(server.verifyProof(client.clientProof).ok).toBe(true);
  });
});

describe("HAP SRP (3072-bit, SHA-512)", () => {
  const code = "031-45-154";

  function newServer(salt: Uint8Array, verifier: Uint8Array) {
    return new SrpServer(hap, { username: HAP_SRP_USERNAME, salt, verifier, secret: random(32) });
  }

  test("our verifier equals fast-srp-hap's for the same salt and code", async () => {
    const salt = random(16);
    const theirs = FastSrp.computeVerifier(FastSrp.params.hap, Buffer.from(salt), Buffer.from(HAP_SRP_USERNAME), Buffer.from(code));
    expect(bytesToHex(srpVerifier(hap, salt, HAP_SRP_USERNAME, code))).toBe(theirs.toString("hex"));
  });

  test("fast-srp-hap's client (peer) completes an exchange with our server, and checks our M2", async () => {
    const salt = random(16);
    const server = newServer(salt, srpVerifier(hap, salt, HAP_SRP_USERNAME, code));
    const client = new FastSrpClient(FastSrp.params.hap, Buffer.from(salt), Buffer.from(HAP_SRP_USERNAME), Buffer.from(code), Buffer.from(random(32)));
    client.setB(Buffer.from(await server.publicKey()));
    expect(await server.acceptClientPublic(new Uint8Array(client.computeA()))).toBe(true);
    expect(await server.computePremaster()).toBe(true);
    const result = server.verifyProof(new Uint8Array(client.computeM1()));
    if (!result.ok) throw new Error(result.reason);
    expect(() => client.checkM2(Buffer.from(result.serverProof))).not.toThrow();
    expect(bytesToHex(result.sessionKey)).toBe(client.computeK().toString("hex"));
  });

  test("our test client agrees with fast-srp-hap's server (the client formulas are right too)", async () => {
    const salt = random(16);
    const b = random(32);
    const server = new FastSrpServer(FastSrp.params.hap, Buffer.from(salt), Buffer.from(HAP_SRP_USERNAME), Buffer.from(code), Buffer.from(b));
    const ours = srpClientExchange(hap, { username: HAP_SRP_USERNAME, password: code, salt, serverPublic: new Uint8Array(server.computeB()), secret: random(32) });
    server.setA(Buffer.from(ours.clientPublic));
    expect(() => server.checkM1(Buffer.from(ours.clientProof))).not.toThrow();
    expect(bytesToHex(new Uint8Array(server.computeM2()))).toBe(bytesToHex(ours.expectedServerProof));
  });

  test("a wrong setup code gives a proof mismatch, not a throw", async () => {
    const salt = random(16);
    const server = newServer(salt, srpVerifier(hap, salt, HAP_SRP_USERNAME, code));
    const client = srpClientExchange(hap, { username: HAP_SRP_USERNAME, password: "031-45-155", salt, serverPublic: await server.publicKey(), secret: random(32) });
    expect(await server.acceptClientPublic(client.clientPublic)).toBe(true);
    expect(await server.computePremaster()).toBe(true);
    expect(server.verifyProof(client.clientProof)).toEqual({ ok: false, reason: "client proof does not match" });
  });

  test("A ≡ 0 mod N, empty or oversized A are refused; steps out of order are refused", async () => {
    const N = SRP_GROUP_3072.N;
    const server = newServer(random(16), srpVerifier(hap, random(16), HAP_SRP_USERNAME, code));
    expect(server.verifyProof(new Uint8Array(64)).ok).toBe(false);
    expect(await server.computePremaster()).toBe(false);
    expect(await server.acceptClientPublic(bigIntToBytes(2n, 384))).toBe(false); // before B exists
    expect(srpPublicValid(hap, new Uint8Array(0))).toBe(false);
    await server.publicKey();
    expect(await server.acceptClientPublic(bigIntToBytes(2n, 384))).toBe(true);
    expect(await server.acceptClientPublic(bigIntToBytes(0n, 384))).toBe(false);
    expect(await server.acceptClientPublic(bigIntToBytes(N, 384))).toBe(false);
    expect(await server.acceptClientPublic(new Uint8Array(385).fill(1))).toBe(false);
    expect(await server.acceptClientPublic(bigIntToBytes(2n * N))).toBe(false);
    expect(srpPublicValid(hap, bigIntToBytes(N - 1n))).toBe(true);
  });

  test("B is padded to 384 bytes and below N", async () => {
    const server = newServer(random(16), srpVerifier(hap, random(16), HAP_SRP_USERNAME, code));
    const B = await server.publicKey();
    expect(B.length).toBe(384);
    expect(bytesToBigInt(B) < SRP_GROUP_3072.N).toBe(true);
  });
});
