// A virtual clock and timers: time moves only when its owner advances it (scenario runner, device tests).
// Never reads the wall clock and never waits: a Tempo season replays in seconds.
import type { Clock, TimerHandle, Timers } from "../hal/types";

interface Pending {
  id: number;
  atMs: number;
  periodMs?: number;
  callback: () => void;
}

export class VirtualTime implements Clock, Timers {
  private now: number;
  private nextId = 1;
  private pending: Pending[] = [];

  constructor(startMs: number) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.pending.push({ id, atMs: this.now + delayMs, callback });
    return id;
  }

  setInterval(callback: () => void, periodMs: number): TimerHandle {
    const id = this.nextId++;
    this.pending.push({ id, atMs: this.now + periodMs, periodMs, callback });
    return id;
  }

  clear(handle: TimerHandle): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  /** When the next timer is due (Infinity when none is). */
  nextDueMs(): number {
    let next = Infinity;
    for (const p of this.pending) if (p.atMs < next) next = p.atMs;
    return next;
  }

  /** Set the time to `atMs` (not before now) without running timers: the caller acts at that instant first. */
  jumpTo(atMs: number): void {
    if (atMs > this.now) this.now = atMs;
  }

  /** Run every timer due up to `now + ms`, in time order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending) if (p.atMs <= end && (!next || p.atMs < next.atMs)) next = p;
      if (!next) break;
      this.now = next.atMs;
      if (next.periodMs !== undefined) next.atMs += next.periodMs;
      else this.clear(next.id);
      next.callback();
    }
    this.now = end;
  }
}
