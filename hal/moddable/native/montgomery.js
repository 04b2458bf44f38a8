// Host functions of hal/moddable/native/montgomery.c: resumable Montgomery modexp for SRP on the device.
// Declarations only; hal/moddable/crypto.ts wraps them. Typed by hal/moddable/montgomery.d.ts.
export function context(modulus) @ "xs_montgomery_context";
export function start(context, base, exponent) @ "xs_montgomery_start";
export function step(context, state, budget) @ "xs_montgomery_step";
export function result(context, state) @ "xs_montgomery_result";
