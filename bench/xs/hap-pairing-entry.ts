// XS entry of bench/hap-pairing.ts: times our pair-setup/pair-verify on xsnap and prints one JSON line.
// Randomness is a deterministic SHA-512 counter: fine for timing, never for real keys.
import { utf8Encode } from "../../homekit/crypto/bytes";
import { modPowBinary, modPowWindow } from "../../homekit/crypto/modpow";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { SRP_GROUP_3072 } from "../../homekit/srp";
import { measureOurPairing } from "./hap-pairing-workload";

declare const print: (text: string) => void;
declare const performance: { now(): number };
const ITERATIONS = 3;

const seed = createNobleCrypto();
let counter = 0;
const random = (length: number): Uint8Array => {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 64) out.set(seed.sha512(utf8Encode(`bench-${counter++}`)).subarray(0, Math.min(64, length - at)), at);
  return out;
};
const crypto = createNobleCrypto(random);
const now = () => performance.now();

function timeModPow(fn: typeof modPowWindow, exponentBytes: number): number {
  const base = BigInt("0x" + "5a".repeat(383));
  const exponent = BigInt("0x" + "c3".repeat(exponentBytes));
  const start = now();
  for (let i = 0; i < 3; i++) fn(base, exponent, SRP_GROUP_3072.N);
  return (now() - start) / 3;
}

const timings = await measureOurPairing(crypto, ITERATIONS, now);
const modPow = {
  window256: timeModPow(modPowWindow, 32),
  binary256: timeModPow(modPowBinary, 32),
  window512: timeModPow(modPowWindow, 64),
  binary512: timeModPow(modPowBinary, 64),
};
const t0 = now();
for (let i = 0; i < 20; i++) crypto.sha512(new Uint8Array(1024));
const sha512Kb = (now() - t0) / 20;
print(JSON.stringify({ timings, modPow, sha512Kb }));
