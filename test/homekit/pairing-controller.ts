// A HomeKit controller written in the tests from the HAP formulas: drives our pair-setup / pair-verify servers.
// Shared by jest, the XS lane and the benchmark, so it stays Node-free (HapCrypto + our TLV only).
import { bigIntToBytes, bytesToBigInt } from "../../homekit/crypto/bytes";
import {
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
