// The owner-password check as the bench times it: one PBKDF2 derivation with our sliced code, slices timed.
// Node-free (the XS entries import it); a deterministic Random, fine for timing, never for a real salt.
import { utf8Encode } from "../../lib/bytes";
import { NOBLE_AUTH_PRIMITIVES } from "../../src/auth/noble-primitives";
import { pbkdf2Sliced } from "../../src/auth/pbkdf2";
import { KDF_PARAMS } from "../../src/auth/password-hash";

export const BENCH_PASSWORD = "correct horse battery";
export const BENCH_SALT = utf8Encode("0123456789abcdef");

export interface CheckTiming {
  totalMs: number;
  longestSliceMs: number;
  slices: number;
}

/** One check (derivation) at `iterations`, slices of `sliceIterations`, each slice timed with `now`. */
export async function timeCheck(iterations: number, sliceIterations: number, now: () => number): Promise<CheckTiming> {
  const prf = NOBLE_AUTH_PRIMITIVES.keyedPrf(utf8Encode(BENCH_PASSWORD));
  let longest = 0;
  let slices = 0;
  const start = now();
  let sliceStart = start;
  await pbkdf2Sliced({
    prf,
    salt: BENCH_SALT,
    iterations,
    keyBytes: KDF_PARAMS.keyBytes,
    sliceIterations,
    yieldFn: () => Promise.resolve(),
    onSlice: () => {
      const t = now();
      if (t - sliceStart > longest) longest = t - sliceStart;
      slices++;
      sliceStart = t;
    },
  });
  const totalMs = now() - start;
  prf.destroy();
  return { totalMs, longestSliceMs: longest, slices };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
