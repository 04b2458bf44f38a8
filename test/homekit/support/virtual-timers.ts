// Timers on a virtual clock for tests on Node and XS: delay 0 runs on a microtask (the server's yields),
// longer delays wait until the test advances the clock. No wall-clock read anywhere, so no test depends on speed.
import type { Timers } from "../../../hal/types";

interface Pending {
  atMs: number;
  order: number;
  callback: () => void;
  periodMs?: number;
  cancelled: boolean;
}

export class VirtualTimers implements Timers {
  /** Virtual milliseconds since the rig started. */
  nowMs = 0;
  private readonly pending: Pending[] = [];
  private order = 0;

  setTimeout(callback: () => void, delayMs: number): unknown {
    if (delayMs <= 0) {
      const handle = { cancelled: false };
      void Promise.resolve().then(() => {
        if (!handle.cancelled) callback();
      });
      return handle;
    }
    return this.schedule({ atMs: this.nowMs + delayMs, order: this.order++, callback, cancelled: false });
  }

  setInterval(callback: () => void, periodMs: number): unknown {
    return this.schedule({ atMs: this.nowMs + periodMs, order: this.order++, callback, periodMs, cancelled: false });
  }

  clear(handle: unknown): void {
    (handle as { cancelled: boolean }).cancelled = true;
    // Drop it now, as a real timer does: a cancelled callback must not keep what it closes over alive (heap bench).
    const at = this.pending.indexOf(handle as Pending);
    if (at >= 0) this.pending.splice(at, 1);
  }

  /** Move the clock forward by `ms`, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    const endMs = this.nowMs + ms;
    for (;;) {
      this.pending.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
      const next = this.pending[0];
      if (next === undefined || next.atMs > endMs) break;
      this.pending.shift();
      if (next.cancelled) continue;
      this.nowMs = next.atMs;
      if (next.periodMs !== undefined) {
        // The same entry goes back in line, so clear(handle) still stops an interval that has fired.
        next.atMs += next.periodMs;
        next.order = this.order++;
        this.pending.push(next);
      }
      next.callback();
    }
    this.nowMs = endMs;
  }

  private schedule(entry: Pending): Pending {
    this.pending.push(entry);
    return entry;
  }
}
