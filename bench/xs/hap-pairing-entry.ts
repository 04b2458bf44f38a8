// XS entry of bench/hap-pairing.ts: times our pair-setup/pair-verify on xsnap and prints one JSON line.
// Randomness is a deterministic SHA-512 counter: fine for timing, never for real keys.
import { utf8Encode } from "../../lib/bytes";
import { modPowBinary, modPowWindow } from "../../homekit/crypto/modpow";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { SRP_GROUP_3072 } from "../../homekit/srp";
import { measureOurPairing, median } from "./hap-pairing-workload";

declare const print: (text: string) => void;
declare const performance: { now(): number };
const ITERATIONS = 5;

const seed = createNobleCrypto();
let counter = 0;
const random = (length: number): Uint8Array => {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 64) out.set(seed.sha512(utf8Encode(`bench-${counter++}`)).subarray(0, Math.min(64, length - at)), at);
  return out;
};
const crypto = createNobleCrypto(random);
const now = () => performance.now();

/** Window vs square-and-multiply, alternated so load changes hit both alike; median of 5 each. */
function timeModPow(exponentBytes: number): { window: number; binary: number } {
  const base = BigInt("0x" + "5a".repeat(383));
  const exponent = BigInt("0x" + "c3".repeat(exponentBytes));
  const window: number[] = [];
  const binary: number[] = [];
  for (let i = 0; i < 5; i++) {
    let start = now();
    modPowWindow(base, exponent, SRP_GROUP_3072.N);
    window.push(now() - start);
    start = now();
    modPowBinary(base, exponent, SRP_GROUP_3072.N);
    binary.push(now() - start);
  }
  return { window: median(window), binary: median(binary) };
}

const timings = await measureOurPairing(crypto, ITERATIONS, now);
const e256 = timeModPow(32);
const e512 = timeModPow(64);
const modPow = { window256: e256.window, binary256: e256.binary, window512: e512.window, binary512: e512.binary };
const t0 = now();
for (let i = 0; i < 20; i++) crypto.sha512(new Uint8Array(1024));
const sha512Kb = (now() - t0) / 20;
print(JSON.stringify({ timings, modPow, sha512Kb }));
