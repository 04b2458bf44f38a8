// Random bytes for keys, salts and nonces on the device (and globalThis.crypto): SHA-512 over every entropy source.
// Never hands out the SDK's `rng` stream alone (RC4 seeded once from c_rand), never draws at load (preloaded via globals.ts).
/// <reference path="./rng.d.ts" />
import RNG from "rng";
import { sha512 } from "./sha512";
import type { Random } from "../types";

// On the ESP32, XS's Math.random() is esp_random() & 0x7fffffff over INT32_MAX: 31 bits straight from the
// hardware RNG (true random while Wi-Fi is up). On the desktop simulator it is libc rand(), never seeded: the lin
// build is for testing, its keys repeat from boot to boot unless the clock differs.
const RANDOM_MAX = 0x7fffffff;
const DRAWS_PER_BLOCK = 9; // 9 × 31 bits ≥ 256 bits of fresh hardware entropy per 64-byte block

let blockCounter = 0;

function entropyBlock(): Uint8Array {
  const draws = new Uint32Array(DRAWS_PER_BLOCK + 3);
  for (let i = 0; i < DRAWS_PER_BLOCK; i++) draws[i] = Math.round(Math.random() * RANDOM_MAX);
  // Counter and clock only make blocks distinct; they add no secrecy.
  draws[DRAWS_PER_BLOCK] = blockCounter++;
  const nowMs = Date.now();
  draws[DRAWS_PER_BLOCK + 1] = nowMs % 0x100000000;
  draws[DRAWS_PER_BLOCK + 2] = Math.floor(nowMs / 0x100000000);
  return sha512(new Uint8Array(draws.buffer), new Uint8Array(RNG.get(64)));
}

export const moddableRandom: Random = {
  fill(bytes) {
    for (let at = 0; at < bytes.length; at += 64) {
      const block = entropyBlock();
      bytes.set(block.subarray(0, Math.min(64, bytes.length - at)), at);
    }
    return bytes;
  },
};
