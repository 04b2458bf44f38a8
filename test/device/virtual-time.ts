// A virtual clock and timers for device tests: time moves only when the test advances it.
import type { Clock, TimerHandle, Timers } from "../../hal/types";

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
