// Stand-in for our native `montgomery` module (hal/moddable/native/montgomery.c) in BigInt, for jest only: the same
// contract (contexts and states as ArrayBuffers, `step` runs a bounded number of multiplications), so the device
// crypto's slicing loop runs in CI. The C is checked against the JS modPow by test/moddable/crypto.mc.ts on lin.
import { modPowWindow } from "../../../homekit/crypto/modpow";

function fromHex(text: string, what: string): bigint {
  if (!/^[0-9a-f]+$/i.test(text)) throw new RangeError(`montgomery: ${what} must be hex`);
  return BigInt(`0x${text}`);
}
const moduli = new WeakMap<ArrayBuffer, bigint>();
const states = new WeakMap<ArrayBuffer, { base: bigint; exponent: bigint; multiplicationsLeft: number }>();
/** Multiplications the C does for a 4-bit fixed window: 15 table entries, then 5 per window (4 squarings + 1). */
export const multiplicationsFor = (exponentBits: number) => 15 + 5 * Math.ceil(exponentBits / 4);

export function context(modulus: string): ArrayBuffer {
  const m = fromHex(modulus, "modulus");
  if (m % 2n === 0n || m.toString(2).length > 4096) throw new RangeError("montgomery: modulus must be odd and at most 4096 bits");
  const buffer = new ArrayBuffer(8);
  moduli.set(buffer, m);
  return buffer;
}
export function start(ctx: ArrayBuffer, base: string, exponent: string): ArrayBuffer {
  const m = moduli.get(ctx);
  if (m === undefined) throw new TypeError("montgomery: not a context");
  const b = fromHex(base, "base");
  const e = fromHex(exponent, "exponent");
  if (b >= m) throw new RangeError("montgomery: base wider than the modulus");
  if (e === 0n) throw new RangeError("montgomery: exponent must be non-zero");
  const state = new ArrayBuffer(8);
  states.set(state, { base: b, exponent: e, multiplicationsLeft: multiplicationsFor(e.toString(2).length) });
  return state;
}
export function step(_ctx: ArrayBuffer, state: ArrayBuffer, budget: number): boolean {
  const s = states.get(state)!;
  s.multiplicationsLeft = Math.max(0, s.multiplicationsLeft - budget);
  return s.multiplicationsLeft === 0;
}
export function result(ctx: ArrayBuffer, state: ArrayBuffer): string {
  const m = moduli.get(ctx)!;
  const s = states.get(state)!;
  if (s.multiplicationsLeft > 0) throw new TypeError("montgomery: not finished");
  return modPowWindow(s.base, s.exponent, m).toString(16).padStart(m.toString(16).length, "0");
}
