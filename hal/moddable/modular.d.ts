// Declaration of the SDK's `modular` module (modules/crypt/arith), which neither typing package has.
// Types only, and only what hal/moddable/crypto.ts calls.
declare module "modular" {
  /** Arithmetic modulo `m` on XS BigInt; `exp` is native (left-to-right binary). */
  export default class Modular {
    constructor(m: bigint);
    exp(base: bigint, exponent: bigint): bigint;
  }
}
