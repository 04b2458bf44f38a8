// Login sessions of the box's web page: kept in RAM only, bounded in number, each with an expiry and its CSRF token.
// Never persisted (a restart logs everyone out) and never found by a partial or early-exit comparison.
import type { Random } from "../../hal/types";
import { randomHex, secretEquals } from "./secrets";

export const SESSION_LIMITS = Object.freeze({
  /** A household's phones and computers; ~150 bytes of RAM each. The oldest goes when a new login needs room. */
  maxSessions: 8,
  /** A day from login, not extended by use: a cookie left on a shared computer dies by itself. */
  lifetimeMs: 24 * 3_600_000,
  /** 128 bits each for the cookie value and the form token. */
  idBytes: 16,
});

export interface Session {
  readonly id: string;
  /** Put in the page's forms and the X-CSRF-Token header; another origin cannot read it. */
  readonly csrfToken: string;
  readonly createdMs: number;
  readonly expiresMs: number;
}

export class SessionTable {
  private sessions: Session[] = [];

  constructor(private readonly random: Random) {}

  open(nowMs: number): Session {
    this.sweep(nowMs);
    if (this.sessions.length >= SESSION_LIMITS.maxSessions) this.sessions.shift(); // oldest first: kept in login order
    const session: Session = Object.freeze({
      id: randomHex(this.random, SESSION_LIMITS.idBytes),
      csrfToken: randomHex(this.random, SESSION_LIMITS.idBytes),
      createdMs: nowMs,
      expiresMs: nowMs + SESSION_LIMITS.lifetimeMs,
    });
    this.sessions.push(session);
    return session;
  }

  /** The live session with this id (every entry is compared whole, so timing says nothing of a near miss). */
  find(id: string | undefined, nowMs: number): Session | undefined {
    if (id === undefined) return undefined;
    this.sweep(nowMs);
    let found: Session | undefined;
    for (const s of this.sessions) if (secretEquals(id, s.id)) found = s;
    return found;
  }

  close(id: string): void {
    this.sessions = this.sessions.filter((s) => !secretEquals(id, s.id));
  }

  closeAll(): number {
    const count = this.sessions.length;
    this.sessions = [];
    return count;
  }

  get count(): number {
    return this.sessions.length;
  }

  private sweep(nowMs: number): void {
    // A clock set back before a session's login closes it: a clock jump must not stretch one past its lifetime.
    this.sessions = this.sessions.filter((s) => nowMs < s.expiresMs && nowMs >= s.createdMs);
  }
}
