// Declaration of the SDK's `modular` and `mont` modules (modules/crypt/arith), which neither typing package has.
// Types only, and only what hal/moddable/crypto.ts and the self-test call.
declare module "modular" {
  /** Arithmetic modulo `m` on XS BigInt; `exp` is native (left-to-right binary, division-based reduction). */
  export default class Modular {
    constructor(m: bigint);
    exp(base: bigint, exponent: bigint): bigint;
  }
}
declare module "mont" {
  import Modular from "modular";
  /** Montgomery arithmetic modulo an odd `m`; `exp` is native, binary (LR) or sliding window (SW). */
  export default class Mont extends Modular {
    constructor(options: { m: bigint; method?: number; sw_param?: number });
    readonly LR: number;
    readonly SW: number;
  }
}
