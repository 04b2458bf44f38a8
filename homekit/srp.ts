// SRP-6a as HAP uses it (RFC 5054 math, 3072-bit group, SHA-512, HAP's M1/M2/K), parameterised by group and hash.
// Never stores or sees the setup code after the verifier is derived; never throws on peer values (they are checked).
import { bigIntToBytes, bytesEqual, bytesToBigInt, concatBytes, hexToBytes, utf8Encode } from "../lib/bytes";

export type HashFn = (data: Uint8Array) => Uint8Array;
export type ModPowFn = (base: bigint, exponent: bigint, modulus: bigint) => bigint;

export interface SrpGroup {
  readonly N: bigint;
  readonly g: bigint;
  /** Byte length of N: the width PAD() pads to. */
  readonly lengthBytes: number;
}

/** A group with its hash and exponentiation: HAP uses SRP_GROUP_3072 + SHA-512; RFC 5054's vector uses 1024 + SHA-1. */
export interface SrpSuite {
  group: SrpGroup;
  hash: HashFn;
  modPow: ModPowFn;
  /** Optional sliced exponentiation (yields inside); SrpServer prefers it so no slice runs a whole modPow. */
  modPowAsync?: (base: bigint, exponent: bigint, modulus: bigint) => Promise<bigint>;
}

/** HAP's fixed SRP user name. */
export const HAP_SRP_USERNAME = "Pair-Setup";

function group(hexN: string, g: bigint): SrpGroup {
  const bytes = hexToBytes(hexN);
  return Object.freeze({ N: bytesToBigInt(bytes), g, lengthBytes: bytes.length });
}

/** RFC 5054 Appendix A, 3072-bit group, g = 5. */
export const SRP_GROUP_3072: SrpGroup = group(
  `FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD
   EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED
   EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D C2007CB8 A163BF05 98DA4836 1C55D39A 69163FA8 FD24CF5F
   83655D23 DCA3AD96 1C62F356 208552BB 9ED52907 7096966D 670C354E 4ABC9804 F1746C08 CA18217C 32905E46 2E36CE3B
   E39E772C 180E8603 9B2783A2 EC07A28F B5C55DF0 6F4C52C9 DE2BCBF6 95581718 3995497C EA956AE5 15D22618 98FA0510
   15728E5A 8AAAC42D AD33170D 04507A33 A85521AB DF1CBA64 ECFB8504 58DBEF0A 8AEA7157 5D060C7D B3970F85 A6E1E4C7
   ABF5AE8C DB0933D7 1E8C94E0 4A25619D CEE3D226 1AD2EE6B F12FFA06 D98A0864 D8760273 3EC86A64 521F2B18 177B200C
   BBE11757 7A615D6C 770988C0 BAD946E2 08E24FA0 74E5AB31 43DB5BFC E0FD108E 4B82D120 A93AD2CA FFFFFFFF FFFFFFFF`,
  5n,
);

/** RFC 5054 Appendix A, 1024-bit group, g = 2: only for the Appendix B test vector. */
export const SRP_GROUP_1024: SrpGroup = group(
  `EEAF0AB9 ADB38DD6 9C33F80A FA8FC5E8 60726187 75FF3C0B 9EA2314C 9C256576 D674DF74 96EA81D3 383B4813 D692C6E0
   E0D5D8E2 50B98BE4 8E495C1D 6089DAD1 5DC7D7B4 6154D6B6 CE8EF4AD 69B15D49 82559B29 7BCF1885 C529F566 660E57EC
   68EDBC3C 05726CC0 2FD4CBF4 976EAA9A FD5138FE 8376435B 9FC61D2F C0EB06E3`,
  2n,
);

function pad(suite: SrpSuite, value: bigint): Uint8Array {
  return bigIntToBytes(value, suite.group.lengthBytes);
}

function padBytes(suite: SrpSuite, bytes: Uint8Array): Uint8Array {
  if (bytes.length >= suite.group.lengthBytes) return bytes;
  return concatBytes(new Uint8Array(suite.group.lengthBytes - bytes.length), bytes);
}

/** Per-suite constants, hashed once: each costs a SHA-512 of ~768 bytes, milliseconds on XS. */
const suiteConstants = new WeakMap<SrpSuite, { k: bigint; hNxorHg: Uint8Array }>();

function constantsOf(suite: SrpSuite): { k: bigint; hNxorHg: Uint8Array } {
  let constants = suiteConstants.get(suite);
  if (!constants) {
    const k = bytesToBigInt(suite.hash(concatBytes(pad(suite, suite.group.N), pad(suite, suite.group.g))));
    const hNxorHg = suite.hash(bigIntToBytes(suite.group.N));
    const hG = suite.hash(bigIntToBytes(suite.group.g));
    for (let i = 0; i < hNxorHg.length; i++) hNxorHg[i] ^= hG[i];
    constants = { k, hNxorHg };
    suiteConstants.set(suite, constants);
  }
  return constants;
}

/** k = H(N | PAD(g)). */
export function srpMultiplier(suite: SrpSuite): bigint {
  return constantsOf(suite).k;
}

/** x = H(s | H(I ":" P)). */
export function srpPrivateKey(suite: SrpSuite, salt: Uint8Array, username: string, password: string): bigint {
  const inner = suite.hash(utf8Encode(`${username}:${password}`));
  return bytesToBigInt(suite.hash(concatBytes(salt, inner)));
}

/** v = g^x mod N, padded to the group width: what the accessory stores instead of the setup code. */
export function srpVerifier(suite: SrpSuite, salt: Uint8Array, username: string, password: string): Uint8Array {
  const x = srpPrivateKey(suite, salt, username, password);
  return pad(suite, suite.modPow(suite.group.g, x, suite.group.N));
}

/** u = H(PAD(A) | PAD(B)). */
export function srpScrambler(suite: SrpSuite, clientPublic: Uint8Array, serverPublic: Uint8Array): bigint {
  return bytesToBigInt(suite.hash(concatBytes(padBytes(suite, clientPublic), padBytes(suite, serverPublic))));
}

/** B = (k·v + g^b) mod N, padded. */
export function srpServerPublic(suite: SrpSuite, verifier: bigint, serverSecret: bigint): Uint8Array {
  const { N, g } = suite.group;
  return pad(suite, (srpMultiplier(suite) * verifier + suite.modPow(g, serverSecret, N)) % N);
}

/** A peer's public value is acceptable only when A mod N ≠ 0 (RFC 5054 §2.5.4) and it fits the group. */
export function srpPublicValid(suite: SrpSuite, publicValue: Uint8Array): boolean {
  if (publicValue.length === 0 || publicValue.length > suite.group.lengthBytes) return false;
  return bytesToBigInt(publicValue) % suite.group.N !== 0n;
}

/** K = H(PAD(S)); HAP uses the plain hash of the premaster secret (64 bytes with SHA-512). */
export function srpSessionKey(suite: SrpSuite, premaster: bigint): Uint8Array {
  return suite.hash(pad(suite, premaster));
}

export interface SrpTranscript {
  username: string;
  salt: Uint8Array;
  clientPublic: Uint8Array;
  serverPublic: Uint8Array;
  sessionKey: Uint8Array;
}

/** M1 = H(H(N) xor H(g) | H(I) | s | A | B | K), with N and g unpadded as HAP-NodeJS and iOS compute it. */
export function srpClientProof(suite: SrpSuite, t: SrpTranscript): Uint8Array {
  const hI = suite.hash(utf8Encode(t.username));
  return suite.hash(concatBytes(constantsOf(suite).hNxorHg, hI, t.salt, t.clientPublic, t.serverPublic, t.sessionKey));
}

/** M2 = H(A | M1 | K). */
export function srpServerProof(suite: SrpSuite, clientPublic: Uint8Array, clientProof: Uint8Array, sessionKey: Uint8Array): Uint8Array {
  return suite.hash(concatBytes(clientPublic, clientProof, sessionKey));
}

export type SrpVerifyResult = { ok: true; serverProof: Uint8Array; sessionKey: Uint8Array } | { ok: false; reason: string };

/**
 * The accessory's side of one SRP exchange, in the order HAP runs it: publicKey() (M2), acceptClientPublic(A) and
 * computePremaster() (M3), verifyProof(M1) (M4). Each async step is one or two modPows; with a sliced modPow the
 * caller's event loop runs in between, and the caller can yield between steps either way.
 */
export class SrpServer {
  private readonly v: bigint;
  private readonly b: bigint;
  private readonly modPowAsync: (base: bigint, exponent: bigint, modulus: bigint) => Promise<bigint>;
  private B: Uint8Array | undefined;
  private A: Uint8Array | undefined;
  private vu: bigint | undefined;
  private S: bigint | undefined;

  constructor(
    private readonly suite: SrpSuite,
    private readonly params: { username: string; salt: Uint8Array; verifier: Uint8Array; secret: Uint8Array },
  ) {
    this.v = bytesToBigInt(params.verifier);
    this.b = bytesToBigInt(params.secret);
    this.modPowAsync = suite.modPowAsync ?? (async (base, exponent, modulus) => suite.modPow(base, exponent, modulus));
  }

  /** B = (k·v + g^b) mod N, computed once. */
  async publicKey(): Promise<Uint8Array> {
    if (!this.B) {
      const { N, g } = this.suite.group;
      const gb = await this.modPowAsync(g, this.b, N);
      this.B = pad(this.suite, (srpMultiplier(this.suite) * this.v + gb) % N);
    }
    return this.B;
  }

  /** First half of S: checks A and computes v^u (u is hash-sized: the longest exponentiation). */
  async acceptClientPublic(clientPublic: Uint8Array): Promise<boolean> {
    if (!this.B || !srpPublicValid(this.suite, clientPublic)) return false;
    const u = srpScrambler(this.suite, clientPublic, this.B);
    if (u === 0n) return false;
    this.vu = await this.modPowAsync(this.v, u, this.suite.group.N);
    this.A = clientPublic;
    return true;
  }

  /** Second half of S: (A·v^u)^b mod N. */
  async computePremaster(): Promise<boolean> {
    if (!this.A || this.vu === undefined) return false;
    const N = this.suite.group.N;
    this.S = await this.modPowAsync((bytesToBigInt(this.A) * this.vu) % N, this.b, N);
    return true;
  }

  /** Checks the controller's M1 (proof it knows the setup code); on success gives M2 and K. */
  verifyProof(clientProof: Uint8Array): SrpVerifyResult {
    if (!this.A || !this.B || this.S === undefined) return { ok: false, reason: "premaster secret not computed" };
    const sessionKey = srpSessionKey(this.suite, this.S);
    const expected = srpClientProof(this.suite, {
      username: this.params.username,
      salt: this.params.salt,
      clientPublic: this.A,
      serverPublic: this.B,
      sessionKey,
    });
    if (!bytesEqual(expected, clientProof)) return { ok: false, reason: "client proof does not match" };
    return { ok: true, serverProof: srpServerProof(this.suite, this.A, clientProof, sessionKey), sessionKey };
  }
}
