// Random identifiers and secrets as hex text, and a comparison of secret text with no early exit.
// Never draws randomness itself: the hal Random is passed in.
import { bytesToHex } from "../../lib/bytes";
import type { Random } from "../../hal/types";

/** `bytes` random bytes as 2·bytes hex digits. */
export function randomHex(random: Random, bytes: number): string {
  return bytesToHex(random.fill(new Uint8Array(bytes)));
}

/** Equal strings, compared over the whole expected length whatever differs first. */
export function secretEquals(given: string | undefined, expected: string): boolean {
  if (given === undefined || given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}
