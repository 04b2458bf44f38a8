// The owner's credentials for every write: the password (set once, checked with a rate limit), login sessions and
// bearer tokens. Never keeps a secret in clear at rest, and never runs two password checks at once.
import type { Clock, KeyValueStore, Logger, Random } from "../../hal/types";
import { afterFailure, decodeAttempts, delayAfter, encodeAttempts, waitMs } from "./attempts";
import { NOBLE_AUTH_PRIMITIVES } from "./noble-primitives";
import type { Yield } from "./pbkdf2";
import { decodeRecord, encodeRecord, hashPassword, passwordProblem, PASSWORD_RULES, verifyPassword, type PasswordProblem, type PasswordRecord } from "./password-hash";
import type { AuthPrimitives } from "./primitives";
import { SessionTable, type Session } from "./sessions";
import { decodeTokens, encodeTokens, matchToken, newToken, TOKEN_LIMITS, tokenNameProblem, type TokenEntry, type TokenInfo } from "./tokens";

/** Store keys (≤ 15 characters). Each record is one value well under 4000 bytes, so each write is atomic. */
export const AUTH_KEYS = Object.freeze({
  password: "auth.pw",
  tokens: "auth.tokens",
  attempts: "auth.fails",
});

export interface OwnerAuthDeps {
  store: KeyValueStore;
  clock: Clock;
  random: Random;
  /** Between PBKDF2 slices (a 0 ms timer on the box). */
  yieldFn: Yield;
  /** Default: pure-ES @noble HMAC-SHA256 and SHA-256. */
  primitives?: AuthPrimitives;
  /** Work factor for new passwords (default KDF_PARAMS.iterations); tests pass a small one. */
  iterations?: number;
  logger?: Logger;
}

/** Why a password check did not pass; `waitMs` is how long until the next check may run. */
export type CheckRefusal =
  | { ok: false; reason: "wrong"; waitMs: number; failures: number }
  | { ok: false; reason: "wait"; waitMs: number; failures: number }
  | { ok: false; reason: "busy" }
  | { ok: false; reason: "no-password" };

export type NewPasswordRefusal = { ok: false; reason: PasswordProblem | "mismatch" | "already-set" | "busy" };

export type LoginResult = { ok: true; session: Session } | CheckRefusal;

export type TokenCreation = { ok: true; token: string; info: TokenInfo } | { ok: false; reason: "empty" | "too-long" | "characters" | "full" };

/** The stored password record, its key written last: a power cut leaves the old password or the new one. */
export function storePasswordRecord(store: KeyValueStore, record: PasswordRecord): void {
  store.delete(AUTH_KEYS.tokens);
  store.delete(AUTH_KEYS.attempts);
  store.set(AUTH_KEYS.password, encodeRecord(record));
}

/** Whether the owner has a password: a record that does not read back still counts (fail closed). */
export function hasOwnerPassword(store: KeyValueStore): boolean {
  return store.get(AUTH_KEYS.password) !== undefined;
}

function infoOf(entry: TokenEntry): TokenInfo {
  return { id: entry.id, name: entry.name, createdMs: entry.createdMs };
}

export class OwnerAuth {
  private readonly sessions: SessionTable;
  private readonly primitives: AuthPrimitives;
  /** One check (or hash) at a time: each costs up to a second of the chip's time. */
  private checking = false;

  constructor(private readonly deps: OwnerAuthDeps) {
    this.sessions = new SessionTable(deps.random);
    this.primitives = deps.primitives ?? NOBLE_AUTH_PRIMITIVES;
  }

  hasPassword(): boolean {
    return hasOwnerPassword(this.deps.store);
  }

  /** For the login page: failures since the last success and the wait before the next check. */
  attemptState(): { failures: number; waitMs: number } {
    const now = this.deps.clock.nowMs();
    const record = decodeAttempts(this.deps.store.get(AUTH_KEYS.attempts), now);
    return { failures: record.failures, waitMs: waitMs(record, now) };
  }

  /** Trust on first use: only while no password exists; the caller becomes the owner and is logged in. */
  async setFirstPassword(password: string): Promise<LoginResult | NewPasswordRefusal> {
    const problem = passwordProblem(password);
    if (problem !== undefined) return { ok: false, reason: problem };
    if (this.hasPassword()) return { ok: false, reason: "already-set" };
    if (this.checking) return { ok: false, reason: "busy" };
    this.checking = true;
    try {
      const record = await hashPassword(password, this.hashDeps());
      if (this.hasPassword()) return { ok: false, reason: "already-set" }; // set by the portal meanwhile
      storePasswordRecord(this.deps.store, record);
    } finally {
      this.checking = false;
    }
    this.deps.logger?.log("info", "auth: owner password set");
    return { ok: true, session: this.sessions.open(this.deps.clock.nowMs()) };
  }

  async login(password: string): Promise<LoginResult> {
    const checked = await this.check(password);
    if (!checked.ok) return checked;
    return { ok: true, session: this.sessions.open(this.deps.clock.nowMs()) };
  }

  /** Needs the current password (a rate-limited check); revokes every session and token, then logs the caller in. */
  async changePassword(current: string, next: string): Promise<(LoginResult & { revoked?: { sessions: number; tokens: number } }) | NewPasswordRefusal> {
    const problem = passwordProblem(next);
    if (problem !== undefined) return { ok: false, reason: problem };
    const checked = await this.check(current);
    if (!checked.ok) return checked;
    if (this.checking) return { ok: false, reason: "busy" };
    this.checking = true;
    let tokens: number;
    try {
      const record = await hashPassword(next, this.hashDeps());
      tokens = this.tokenEntries().length;
      storePasswordRecord(this.deps.store, record);
    } finally {
      this.checking = false;
    }
    const sessions = this.sessions.closeAll();
    this.deps.logger?.log("info", "auth: owner password changed", { revokedSessions: sessions, revokedTokens: tokens });
    return { ok: true, session: this.sessions.open(this.deps.clock.nowMs()), revoked: { sessions, tokens } };
  }

  session(id: string | undefined): Session | undefined {
    return this.sessions.find(id, this.deps.clock.nowMs());
  }

  logout(id: string): void {
    this.sessions.close(id);
  }

  tokens(): TokenInfo[] {
    return this.tokenEntries().map(infoOf);
  }

  createToken(name: string): TokenCreation {
    const problem = tokenNameProblem(name);
    if (problem !== undefined) return { ok: false, reason: problem };
    const entries = this.tokenEntries();
    if (entries.length >= TOKEN_LIMITS.maxTokens) return { ok: false, reason: "full" };
    const { token, entry } = newToken(this.deps.random, this.primitives, name, this.deps.clock.nowMs());
    entries.push(entry);
    this.deps.store.set(AUTH_KEYS.tokens, encodeTokens(entries));
    return { ok: true, token, info: infoOf(entry) };
  }

  revokeToken(id: string): boolean {
    const entries = this.tokenEntries();
    const kept = entries.filter((e) => e.id !== id);
    if (kept.length === entries.length) return false;
    this.deps.store.set(AUTH_KEYS.tokens, encodeTokens(kept));
    return true;
  }

  /** The token an `Authorization: Bearer` value names, if it is one of ours and not revoked. */
  bearer(token: string): TokenInfo | undefined {
    const entry = matchToken(this.tokenEntries(), token, this.primitives);
    return entry === undefined ? undefined : infoOf(entry);
  }

  private tokenEntries(): TokenEntry[] {
    return decodeTokens(this.deps.store.get(AUTH_KEYS.tokens));
  }

  private hashDeps() {
    return { primitives: this.primitives, random: this.deps.random, yieldFn: this.deps.yieldFn, iterations: this.deps.iterations };
  }

  /**
   * In order: no password → refused; a check running → busy; inside the wait → refused without a check or a write;
   * else one check, and a failure is written at once (so a restart cannot reset the count). Only checks that ran
   * write, and the wait bounds how often they can run: ≤ 5 writes, then ≤ one per wait (≤ 144 a day at the cap).
   */
  private async check(password: string): Promise<{ ok: true } | CheckRefusal> {
    const { store, clock } = this.deps;
    const stored = store.get(AUTH_KEYS.password);
    if (stored === undefined) return { ok: false, reason: "no-password" };
    if (this.checking) return { ok: false, reason: "busy" };
    const attempts = decodeAttempts(store.get(AUTH_KEYS.attempts), clock.nowMs());
    const wait = waitMs(attempts, clock.nowMs());
    if (wait > 0) return { ok: false, reason: "wait", waitMs: wait, failures: attempts.failures };
    const record = decodeRecord(stored);
    if (record === undefined) this.deps.logger?.log("error", "auth: stored password record unreadable; a factory reset clears it");
    let ok = false;
    this.checking = true;
    try {
      // An over-long password cannot be the owner's: refused without hashing it (and counted like any failure).
      if (record !== undefined && password.length <= 2 * PASSWORD_RULES.maxChars) ok = await verifyPassword(password, record, { primitives: this.primitives, yieldFn: this.deps.yieldFn });
    } finally {
      this.checking = false;
    }
    if (ok) {
      if (attempts.failures > 0) store.delete(AUTH_KEYS.attempts);
      return { ok: true };
    }
    const next = afterFailure(attempts, clock.nowMs());
    store.set(AUTH_KEYS.attempts, encodeAttempts(next));
    this.deps.logger?.log("warn", "auth: wrong password", { failures: next.failures });
    return { ok: false, reason: "wrong", waitMs: delayAfter(next.failures), failures: next.failures };
  }
}
