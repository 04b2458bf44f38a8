// The hash primitives the owner password and tokens rest on: a keyed PRF for PBKDF2 and a plain SHA-256.
// Never chooses an implementation itself: callers inject one (pure-ES @noble here; a native HMAC may replace it).

/** A pseudo-random function keyed once (HMAC with the password as key): PBKDF2 calls it thousands of times. */
export interface KeyedPrf {
  /** Bytes each call writes (32 for HMAC-SHA256). */
  readonly outputBytes: number;
  /** out = PRF(key, message); `out` may be the message array itself (PBKDF2 chains U_i in place). */
  mac(message: Uint8Array, out: Uint8Array): void;
  /** Wipe the keyed state (it is derived from the password). */
  destroy(): void;
}

export interface AuthPrimitives {
  /** The algorithm name written into a stored password record, e.g. "pbkdf2-hmac-sha256". */
  readonly kdfName: string;
  keyedPrf(key: Uint8Array): KeyedPrf;
  /** SHA-256 of a bearer token: its 128 random bits need no slow hash, only not to be kept in clear. */
  sha256(bytes: Uint8Array): Uint8Array;
}
