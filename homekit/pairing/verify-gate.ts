// Turns for pair-verify M1 across all connections: one X25519 + Ed25519 computation at a time, a queue served
// round-robin by source address, Busy for a wait iOS would not sit through. Never computes anything itself.
import type { Timers } from "../../hal/types";

/**
 * M1 computations at once. One M1 (an X25519 key pair, a shared secret, an Ed25519 signature) takes about 3 s in
 * pure JS on the ESP32's one JS thread, and it needs no prior step: running two at once only makes both late.
 */
export const PAIR_VERIFY_RUNNING_MAX = 1;

/**
 * Longest wait for a turn. iOS gives each exchange about 10 s: an M1 that waited 7 s would be answered after its own
 * ~3 s of crypto, too late, so it is refused then (Busy) without computing.
 */
export const PAIR_VERIFY_WAIT_MAX_MS = 7_000;

/**
 * M1s that may wait. One per HomeKit connection (16 at most), so every controller reconnecting after a Wi-Fi cut
 * gets a place; beyond it, Busy at once (a few bytes, no crypto).
 */
export const PAIR_VERIFY_WAITING_MAX = 16;

/** Sources remembered for round-robin; one forgotten counts as never served. A home has a handful of phones and hubs. */
const SOURCES_REMEMBERED = 16;

const NEVER_SERVED = -1;

interface Waiter {
  source: string;
  gone: () => boolean;
  admit: (granted: boolean) => void;
  /** Refuses it at PAIR_VERIFY_WAIT_MAX_MS. */
  expiry?: unknown;
}

/**
 * Who computes next: the waiting source served longest ago (never served first), so many connections from one
 * address take one turn in two at most, and a controller on another address waits for at most one M1 ahead of it.
 * When the queue is full, a newcomer whose source has fewer waiting turns (or, as many, but was served longer ago)
 * takes the place of the most recent waiter of the greediest source, which is refused.
 */
export class VerifyGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  /** Source → the turn it was last served at; the Map's order is oldest served first. */
  private readonly served = new Map<string, number>();
  private turns = 0;

  /** Without timers a waiter waits as long as it takes (unit tests of the order). */
  constructor(private readonly timers?: Timers) {}

  /**
   * Waits for a turn. True: compute now, then call `leave()` exactly once. False: refused (the queue is full of
   * sources no greedier than this one, or it waited PAIR_VERIFY_WAIT_MAX_MS) or its connection went away meanwhile.
   */
  enter(source: string, gone: () => boolean): Promise<boolean> {
    this.dropGone();
    if (this.running < PAIR_VERIFY_RUNNING_MAX && this.waiting.length === 0) {
      this.start(source);
      return Promise.resolve(true);
    }
    if (this.waiting.length >= PAIR_VERIFY_WAITING_MAX && !this.makeRoomFor(source)) return Promise.resolve(false);
    return new Promise<boolean>((admit) => {
      const waiter: Waiter = { source, gone, admit };
      waiter.expiry = this.timers?.setTimeout(() => {
        waiter.expiry = undefined;
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.dismiss(at, false);
      }, PAIR_VERIFY_WAIT_MAX_MS);
      this.waiting.push(waiter);
    });
  }

  /** The computation that `enter` allowed is over (done, failed or abandoned): the next waiter's turn. */
  leave(): void {
    this.running--;
    this.dropGone();
    while (this.running < PAIR_VERIFY_RUNNING_MAX && this.waiting.length > 0) {
      const at = this.fairest();
      this.start(this.waiting[at].source);
      this.dismiss(at, true);
    }
  }

  /** Waiting and running counts, for tests and the log. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private start(source: string): void {
    this.running++;
    this.served.delete(source);
    this.served.set(source, this.turns++);
    if (this.served.size > SOURCES_REMEMBERED) this.served.delete(this.served.keys().next().value as string);
  }

  private lastServed(source: string): number {
    return this.served.get(source) ?? NEVER_SERVED;
  }

  /** Index of the waiter whose source was served longest ago; the oldest waiter among equals. */
  private fairest(): number {
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) {
      if (this.lastServed(this.waiting[i].source) < this.lastServed(this.waiting[best].source)) best = i;
    }
    return best;
  }

  private waitingFrom(source: string): number {
    let count = 0;
    for (const w of this.waiting) if (w.source === source) count++;
    return count;
  }

  /** Queue full: refuse the greediest source's most recent waiter if the newcomer deserves the place more. */
  private makeRoomFor(source: string): boolean {
    let victim = -1;
    let victimCount = 0;
    for (let i = 0; i < this.waiting.length; i++) {
      const count = this.waitingFrom(this.waiting[i].source);
      const greedier = count > victimCount || (count === victimCount && this.lastServed(this.waiting[i].source) >= this.lastServed(this.waiting[victim].source));
      if (greedier) {
        victim = i;
        victimCount = count;
      }
    }
    const loser = this.waiting[victim];
    const mine = this.waitingFrom(source) + 1;
    const deserves = loser.source !== source && (mine < victimCount || (mine === victimCount && this.lastServed(source) < this.lastServed(loser.source)));
    if (!deserves) return false;
    this.dismiss(victim, false);
    return true;
  }

  /** Takes waiter `at` out of the queue with its answer. */
  private dismiss(at: number, granted: boolean): void {
    const [waiter] = this.waiting.splice(at, 1);
    if (waiter.expiry !== undefined) this.timers?.clear(waiter.expiry);
    waiter.expiry = undefined;
    waiter.admit(granted);
  }

  /** Waiters whose connection closed never get a turn: an M1 sent and abandoned costs no crypto. */
  private dropGone(): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i].gone()) this.dismiss(i, false);
  }
}
