// Bearer tokens for scripts: created once (shown once), kept only as SHA-256 hashes, listed by id and name, revocable.
// Never stores or lists a token in clear, and never lets the list grow past its bound.
import type { Random } from "../../hal/types";
import { bytesToHex, utf8Decode, utf8Encode } from "../../lib/bytes";
import type { AuthPrimitives } from "./primitives";
import { randomHex, secretEquals } from "./secrets";

export const TOKEN_LIMITS = Object.freeze({
  /** Home automation, a script or two, a spare: the record (~150 B each) stays one store value. */
  maxTokens: 8,
  maxNameChars: 32,
  /** Public part, to find the entry without comparing every hash. */
  idBytes: 4,
  /** 128 random bits: no guessing, so a plain SHA-256 at rest suffices (no slow hash per request). */
  secretBytes: 16,
});

/** What is stored and listed for a token; `hash` never leaves the auth module. */
export interface TokenEntry {
  id: string;
  name: string;
  createdMs: number;
  hash: string;
}

export type TokenInfo = Omit<TokenEntry, "hash">;

/** `dl_<id>_<secret>`: the prefix tells a reader what it is; letters, digits and "_" survive any shell or header. */
const TOKEN_FORMAT = /^dl_([0-9a-f]{8})_([0-9a-f]{32})$/;

export function tokenNameProblem(name: string): "empty" | "too-long" | "characters" | undefined {
  if (name.trim().length === 0) return "empty";
  if (name.length > TOKEN_LIMITS.maxNameChars) return "too-long";
  // Printable only: the name is shown on the page and in JSON, where a control character has no use.
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20 || name.charCodeAt(i) === 0x7f) return "characters";
  return undefined;
}

export function hashToken(token: string, primitives: AuthPrimitives): string {
  return bytesToHex(primitives.sha256(utf8Encode(token)));
}

export function newToken(random: Random, primitives: AuthPrimitives, name: string, nowMs: number): { token: string; entry: TokenEntry } {
  const id = randomHex(random, TOKEN_LIMITS.idBytes);
  const token = `dl_${id}_${randomHex(random, TOKEN_LIMITS.secretBytes)}`;
  return { token, entry: { id, name: name.trim(), createdMs: nowMs, hash: hashToken(token, primitives) } };
}

/** The entry a presented token belongs to, or undefined (a malformed token is refused before any hashing). */
export function matchToken(entries: readonly TokenEntry[], token: string, primitives: AuthPrimitives): TokenEntry | undefined {
  const m = TOKEN_FORMAT.exec(token);
  if (m === null) return undefined;
  const hash = hashToken(token, primitives);
  let found: TokenEntry | undefined;
  for (const e of entries) if (e.id === m[1] && secretEquals(hash, e.hash)) found = e;
  return found;
}

export function encodeTokens(entries: readonly TokenEntry[]): Uint8Array {
  return utf8Encode(JSON.stringify(entries));
}

/** The stored list; entries that do not read back whole are dropped (they could never match anyway). */
export function decodeTokens(bytes: Uint8Array | undefined): TokenEntry[] {
  if (bytes === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const entries: TokenEntry[] = [];
  for (const item of value.slice(0, TOKEN_LIMITS.maxTokens)) {
    const e = item as Partial<TokenEntry>;
    if (typeof e.id === "string" && /^[0-9a-f]{8}$/.test(e.id) && typeof e.name === "string" && typeof e.createdMs === "number" && typeof e.hash === "string" && /^[0-9a-f]{64}$/.test(e.hash)) {
      entries.push({ id: e.id, name: e.name, createdMs: e.createdMs, hash: e.hash });
    }
  }
  return entries;
}
