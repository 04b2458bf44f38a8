// The owner password at rest: a salted PBKDF2 record (algorithm, parameters, salt, hash together) and its check.
// Never stores or returns the password itself, and never compares a hash with an early exit.
import { bytesEqual, bytesToHex, hexToBytes, utf8Decode, utf8Encode } from "../../lib/bytes";
import type { Random } from "../../hal/types";
import { pbkdf2Sliced, type Yield } from "./pbkdf2";
import type { AuthPrimitives } from "./primitives";

/**
 * Work factor for new hashes, measured by `npm run bench -- auth` on xsnap: one PRF call (HMAC-SHA256, two SHA-256
 * blocks in pure JS) is 68,848 XS compute units, ~0.32 ms on a quiet host. With issue #17's calibration of the chip
 * (~140× host XS; 113 ms for 178,980 compute units) that is ~44 ms per call on the ESP32, so 20 calls (1.45 M units)
 * ≈ 0.9 s, inside the 1 s a check may take, and one call per slice ≈ 44 ms keeps the UART served between slices.
 * That is a thin work factor against someone who dumps the flash: the salt defeats precomputed tables, the rate
 * limit (attempts.ts) is the defence online, and each record keeps its own parameters so a native HMAC on the
 * device (hardware SHA) can raise them for new passwords without breaking old ones.
 */
export const KDF_PARAMS = Object.freeze({
  iterations: 20,
  sliceIterations: 1,
  /** 128-bit salt: unique per box and per password, so no precomputed table applies. */
  saltBytes: 16,
  /** One HMAC-SHA256 block: a longer key would only cost the defender more. */
  keyBytes: 32,
});

export const PASSWORD_RULES = Object.freeze({
  /** The minimum; a passphrase is better, and the page says so. */
  minChars: 8,
  /** Bounds the form field and the bytes hashed; HMAC hashes a long key once, so length adds no work per call. */
  maxChars: 128,
});

/** Bounds of a record read from the store: a damaged or hostile record cannot make a check run for minutes. */
const RECORD_LIMITS = Object.freeze({ maxIterations: 1_000_000, minSaltBytes: 8, maxSaltBytes: 64 });

export interface PasswordRecord {
  /** Record format version. */
  v: 1;
  /** The PRF and KDF, e.g. "pbkdf2-hmac-sha256": a check with another primitive refuses the record. */
  kdf: string;
  iterations: number;
  /** Hex. */
  salt: string;
  /** Hex of the derived key. */
  hash: string;
}

export type PasswordProblem = "too-short" | "too-long";

/** Counted in code points (what a person typed), not UTF-16 units. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  let chars = 0;
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) chars++;
  }
  if (chars < PASSWORD_RULES.minChars) return "too-short";
  if (chars > PASSWORD_RULES.maxChars) return "too-long";
  return undefined;
}

export interface HashDeps {
  primitives: AuthPrimitives;
  random: Random;
  yieldFn: Yield;
  /** Overrides KDF_PARAMS.iterations for new records (tests use a few; the bench sweeps it). */
  iterations?: number;
  sliceIterations?: number;
}

async function derive(deps: Omit<HashDeps, "random">, password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const prf = deps.primitives.keyedPrf(utf8Encode(password));
  try {
    return await pbkdf2Sliced({ prf, salt, iterations, keyBytes: KDF_PARAMS.keyBytes, sliceIterations: deps.sliceIterations ?? KDF_PARAMS.sliceIterations, yieldFn: deps.yieldFn });
  } finally {
    prf.destroy();
  }
}

/** A new record for a password that passed passwordProblem (checked again here: a programming error otherwise). */
export async function hashPassword(password: string, deps: HashDeps): Promise<PasswordRecord> {
  if (passwordProblem(password) !== undefined) throw new RangeError("hashPassword: the password breaks PASSWORD_RULES");
  const iterations = deps.iterations ?? KDF_PARAMS.iterations;
  const salt = deps.random.fill(new Uint8Array(KDF_PARAMS.saltBytes));
  const hash = await derive(deps, password, salt, iterations);
  return { v: 1, kdf: deps.primitives.kdfName, iterations, salt: bytesToHex(salt), hash: bytesToHex(hash) };
}

/** True when the password derives the record's hash with the record's own parameters. */
export async function verifyPassword(password: string, record: PasswordRecord, deps: Omit<HashDeps, "random">): Promise<boolean> {
  if (record.kdf !== deps.primitives.kdfName) return false;
  const expected = hexToBytes(record.hash);
  const derived = await derive(deps, password, hexToBytes(record.salt), record.iterations);
  return bytesEqual(derived, expected);
}

export function encodeRecord(record: PasswordRecord): Uint8Array {
  return utf8Encode(JSON.stringify(record));
}

const HEX = /^(?:[0-9a-f]{2})+$/;

/** The stored record, or undefined when it is not one we can check (never throws on stored bytes). */
export function decodeRecord(bytes: Uint8Array): PasswordRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const { iterations, salt, hash, kdf } = r;
  if (r.v !== 1 || typeof kdf !== "string" || typeof salt !== "string" || typeof hash !== "string" || typeof iterations !== "number") return undefined;
  if (!(iterations >= 1 && iterations <= RECORD_LIMITS.maxIterations) || Math.floor(iterations) !== iterations) return undefined;
  if (!HEX.test(salt) || salt.length < 2 * RECORD_LIMITS.minSaltBytes || salt.length > 2 * RECORD_LIMITS.maxSaltBytes) return undefined;
  if (!HEX.test(hash) || hash.length !== 2 * KDF_PARAMS.keyBytes) return undefined;
  return { v: 1, kdf, iterations, salt, hash };
}
