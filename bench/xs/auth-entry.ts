// XS entry of bench/auth.ts, run by the xsnap command-line runner: time of one owner-password check on XS, our sliced
// PBKDF2 beside @noble's own pbkdf2 (one uninterrupted call) on the same input. Prints one JSON line.
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8Encode } from "../../lib/bytes";
import { KDF_PARAMS } from "../../src/auth/password-hash";
import { BENCH_PASSWORD, BENCH_SALT, median, timeCheck } from "./auth-workload";

declare const print: (text: string) => void;
declare const performance: { now(): number };

const ROUNDS = 7;
const SWEEP = [10, KDF_PARAMS.iterations, 50, 100];
const now = () => performance.now();

await timeCheck(KDF_PARAMS.iterations, KDF_PARAMS.sliceIterations, now); // warm-up
const sweep: { iterations: number; totalMs: number; longestSliceMs: number; slices: number }[] = [];
for (const iterations of SWEEP) {
  const runs = [];
  for (let r = 0; r < ROUNDS; r++) runs.push(await timeCheck(iterations, KDF_PARAMS.sliceIterations, now));
  sweep.push({ iterations, totalMs: median(runs.map((x) => x.totalMs)), longestSliceMs: Math.max(...runs.map((x) => x.longestSliceMs)), slices: runs[0].slices });
}
const peer: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const start = now();
  pbkdf2(sha256, utf8Encode(BENCH_PASSWORD), BENCH_SALT, { c: KDF_PARAMS.iterations, dkLen: KDF_PARAMS.keyBytes });
  peer.push(now() - start);
}
print(JSON.stringify({ sweep, nobleMs: median(peer) }));
