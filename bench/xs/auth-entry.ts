// XS entry of bench/auth.ts, run by the xsnap command-line runner: time of one owner-password check on XS, our sliced
// PBKDF2 beside @noble's own pbkdf2 (one uninterrupted call) on the same input. Prints one JSON line.
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8Encode } from "../../lib/bytes";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import { KDF_PARAMS } from "../../src/auth/password-hash";
import { BENCH_PASSWORD, BENCH_SALT, median, timeCheck } from "./auth-workload";

declare const print: (text: string) => void;
declare const performance: { now(): number };

const ROUNDS = 9;
const SWEEP = [10, KDF_PARAMS.iterations, 50, 100];
const BATCH = 200;
const now = () => performance.now();

/** One PRF call, timed over batches; the fastest batch is the least disturbed by the shared machine. */
function prfCallMs(): number {
  const prf = NOBLE_AUTH_PRIMITIVES.keyedPrf(utf8Encode(BENCH_PASSWORD));
  const u = new Uint8Array(32);
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const start = now();
    for (let i = 0; i < BATCH; i++) prf.mac(u, u);
    best = Math.min(best, (now() - start) / BATCH);
  }
  prf.destroy();
  return best;
}

await timeCheck(KDF_PARAMS.iterations, KDF_PARAMS.sliceIterations, now); // warm-up
const sweep: { iterations: number; totalMs: number; longestSliceMs: number; slices: number }[] = [];
for (const iterations of SWEEP) {
  const runs = [];
  for (let r = 0; r < ROUNDS; r++) runs.push(await timeCheck(iterations, KDF_PARAMS.sliceIterations, now));
  sweep.push({ iterations, totalMs: median(runs.map((x) => x.totalMs)), longestSliceMs: median(runs.map((x) => x.longestSliceMs)), slices: runs[0].slices });
}
const peer: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const start = now();
  pbkdf2(sha256, utf8Encode(BENCH_PASSWORD), BENCH_SALT, { c: KDF_PARAMS.iterations, dkLen: KDF_PARAMS.keyBytes });
  peer.push(now() - start);
}
print(JSON.stringify({ sweep, nobleMs: median(peer), prfCallMs: prfCallMs() }));
