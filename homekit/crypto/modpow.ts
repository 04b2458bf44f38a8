// Modular exponentiation over BigInt for SRP (3072-bit modulus): plain square-and-multiply and a sliding window.
// Pure arithmetic: never allocates tables per bit, never touches randomness or time. Not constant-time (see README).

/** Right-to-left square-and-multiply: the reference the faster variant is checked against. */
export function modPowBinary(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  if (exponent < 0n) throw new RangeError("negative exponent");
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    if (e > 0n) b = (b * b) % modulus;
  }
  return result;
}

/** Window width by exponent size: fewer multiplications once the odd-power table pays for itself. */
function windowBits(exponentBits: number): number {
  if (exponentBits > 671) return 6;
  if (exponentBits > 239) return 5;
  if (exponentBits > 79) return 4;
  if (exponentBits > 23) return 3;
  return 1;
}

/** Squarings between two pauses of the sliced variant: ~1/50 of a 3072-bit modPow with a 256-bit exponent. */
export const MODPOW_SLICE_BITS = 32;

/**
 * Left-to-right sliding window (HAC 14.85): one squaring per bit plus about bits/(w+1) multiplications,
 * against bits/2 for square-and-multiply. A generator that pauses every `sliceBits` squarings, so the same code
 * serves the synchronous form and the sliced one that hands the event loop back.
 */
function* modPowWindowSteps(base: bigint, exponent: bigint, modulus: bigint, sliceBits: number): Generator<void, bigint, void> {
  if (modulus === 1n) return 0n;
  if (exponent < 0n) throw new RangeError("negative exponent");
  if (exponent === 0n) return 1n;
  const bitsText = exponent.toString(2);
  const w = windowBits(bitsText.length);
  const b = ((base % modulus) + modulus) % modulus;
  // odd[i] = b^(2i+1)
  const odd: bigint[] = [b];
  if (w > 1) {
    const b2 = (b * b) % modulus;
    for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1] * b2) % modulus);
  }
  let result = 1n;
  let started = false;
  let sinceYield = 0;
  let i = 0;
  while (i < bitsText.length) {
    if (sinceYield >= sliceBits) {
      sinceYield = 0;
      yield;
    }
    if (bitsText.charCodeAt(i) === 48) {
      if (started) result = (result * result) % modulus;
      i++;
      sinceYield++;
      continue;
    }
    // Longest window starting here that ends on a 1 bit.
    let end = Math.min(i + w, bitsText.length);
    while (bitsText.charCodeAt(end - 1) === 48) end--;
    const value = parseInt(bitsText.substring(i, end), 2);
    if (started) for (let k = i; k < end; k++) result = (result * result) % modulus;
    result = started ? (result * odd[value >> 1]) % modulus : odd[value >> 1];
    started = true;
    sinceYield += end - i;
    i = end;
  }
  return result;
}

export function modPowWindow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  const steps = modPowWindowSteps(base, exponent, modulus, Number.POSITIVE_INFINITY);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same exponentiation, awaiting `yieldFn` every `sliceBits` squarings (pure-JS path on the device). */
export async function modPowWindowSliced(
  base: bigint,
  exponent: bigint,
  modulus: bigint,
  yieldFn: () => Promise<void>,
  sliceBits = MODPOW_SLICE_BITS,
): Promise<bigint> {
  const steps = modPowWindowSteps(base, exponent, modulus, sliceBits);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldFn();
  }
}
