// PBKDF2 (RFC 8018 §5.2) over an injected keyed PRF, run in slices that yield between them.
// Never holds the event loop longer than one slice: the UART and the other sockets are served between slices.
import type { Timers } from "../../hal/types";
import type { KeyedPrf } from "./primitives";

/** Lets pending IO run (a timer of 0 ms on the device and in host-sim; a resolved promise in tests). */
export type Yield = () => Promise<void>;

export interface Pbkdf2Input {
  prf: KeyedPrf;
  salt: Uint8Array;
  iterations: number;
  /** Derived key length in bytes (one PRF block is enough for a password check). */
  keyBytes: number;
  /** PRF calls between two yields. */
  sliceIterations: number;
  yieldFn: Yield;
  /** Told after each slice with its PRF calls (the bench times slices with it). */
  onSlice?: (calls: number) => void;
}

/** DK = T_1 ‖ T_2 ‖ …, T_i = U_1 ^ … ^ U_c with U_1 = PRF(salt ‖ INT(i)), U_j = PRF(U_{j-1}). The caller destroys the PRF. */
export async function pbkdf2Sliced(input: Pbkdf2Input): Promise<Uint8Array> {
  const { prf, salt, iterations, keyBytes } = input;
  if (!(iterations >= 1) || Math.floor(iterations) !== iterations) throw new RangeError("pbkdf2: iterations must be a positive integer");
  if (!(keyBytes >= 1)) throw new RangeError("pbkdf2: keyBytes must be positive");
  const slice = Math.max(1, Math.floor(input.sliceIterations));
  const block = prf.outputBytes;
  const out = new Uint8Array(keyBytes);
  const first = new Uint8Array(salt.length + 4);
  first.set(salt);
  const u = new Uint8Array(block);
  const t = new Uint8Array(block);
  let sinceYield = 0;
  for (let index = 1, at = 0; at < keyBytes; index++, at += block) {
    first[salt.length] = index >>> 24;
    first[salt.length + 1] = (index >>> 16) & 0xff;
    first[salt.length + 2] = (index >>> 8) & 0xff;
    first[salt.length + 3] = index & 0xff;
    prf.mac(first, u);
    t.set(u);
    sinceYield++;
    for (let j = 1; j < iterations; j++) {
      if (sinceYield >= slice) {
        input.onSlice?.(sinceYield);
        sinceYield = 0;
        await input.yieldFn();
      }
      prf.mac(u, u);
      for (let k = 0; k < block; k++) t[k] ^= u[k];
      sinceYield++;
    }
    out.set(t.subarray(0, Math.min(block, keyBytes - at)), at);
  }
  input.onSlice?.(sinceYield);
  u.fill(0);
  t.fill(0);
  return out;
}

/** A yield over hal timers: a 0 ms timer lets the sockets and the UART run before the next slice. */
export function timerYield(timers: Timers): Yield {
  return () => new Promise<void>((resolve) => void timers.setTimeout(resolve, 0));
}
