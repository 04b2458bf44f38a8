// HomeKit setup code ("XXX-XX-XXX") and setup ID (4 chars): generation from injected randomness, and validation.
// Never uses Math.random: randomness comes in as a function; never returns a code HAP forbids.

export type RandomBytes = (length: number) => Uint8Array;

/** Codes HAP forbids besides the all-same-digit ones. */
export const TRIVIAL_SETUP_CODES = Object.freeze(["123-45-678", "876-54-321"]);

const SETUP_CODE_PATTERN = /^\d{3}-\d{2}-\d{3}$/;
const SETUP_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export type SetupCodeCheck = { ok: true } | { ok: false; reason: string };

export function validateSetupCode(code: string): SetupCodeCheck {
  if (!SETUP_CODE_PATTERN.test(code)) return { ok: false, reason: `setup code must look like 123-45-679 (3-2-3 digits), got "${code}"` };
  const digits = code.replace(/-/g, "");
  if (/^(\d)\1{7}$/.test(digits)) return { ok: false, reason: "setup code must not repeat one digit" };
  if (TRIVIAL_SETUP_CODES.indexOf(code) >= 0) return { ok: false, reason: `setup code ${code} is too easy to guess` };
  return { ok: true };
}

/** Uniform symbols from an alphabet by rejection sampling (no modulo bias). */
function randomSymbols(random: RandomBytes, alphabet: string, count: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < count) {
    const bytes = random(count * 2);
    for (let i = 0; i < bytes.length && out.length < count; i++) if (bytes[i] < limit) out += alphabet[bytes[i] % alphabet.length];
  }
  return out;
}

/** A random code HAP accepts, formatted "XXX-XX-XXX". */
export function generateSetupCode(random: RandomBytes): string {
  for (;;) {
    const d = randomSymbols(random, "0123456789", 8);
    const code = `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`;
    if (validateSetupCode(code).ok) return code;
  }
}

/** Setup ID for the setup URI and the `sh` TXT hash: 4 characters of [0-9A-Z]. */
export function generateSetupId(random: RandomBytes): string {
  return randomSymbols(random, SETUP_ID_ALPHABET, 4);
}

export function isValidSetupId(setupId: string): boolean {
  return /^[0-9A-Z]{4}$/.test(setupId);
}
