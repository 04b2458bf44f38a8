// Declaration of our native module `montgomery` (hal/moddable/native/montgomery.c + montgomery.js).
// Types only. Numbers cross as hex digits (bigint.toString(16) in, BigInt("0x" + …) out: both native); contexts and
// states are ArrayBuffers the caller keeps.
declare module "montgomery" {
  /** N, -N⁻¹ mod 2³² and R² mod N for an odd modulus of at most 4096 bits (RangeError otherwise). */
  export function context(modulusHex: string): ArrayBuffer;
  /** A new exponentiation base^exponent; base below the modulus, exponent non-zero (RangeError otherwise). */
  export function start(context: ArrayBuffer, baseHex: string, exponentHex: string): ArrayBuffer;
  /** Runs at most `budget` Montgomery multiplications; true once the result is ready. */
  export function step(context: ArrayBuffer, state: ArrayBuffer, budget: number): boolean;
  /** The result as hex digits, as wide as the modulus. */
  export function result(context: ArrayBuffer, state: ArrayBuffer): string;
}
