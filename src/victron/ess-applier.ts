// Holds the ESS settings the plan wants on the GX: reads each one, writes the ones that differ, reads each write back,
// retries a write that does not take and reports it. Pure bookkeeping over injected instants; never sends anything
// itself (step() returns the reads and writes to send) and never writes a value outside Venus OS's range.

import { accepted, essValueProblem } from "./venus";
import type { EssTarget } from "./ess-policy";

/** How long a read or a write waits for the GX's N/ answer (it answers in ms; a busy GX in well under a second). */
export const ESS_CONFIRM_MS = 5_000;
/** Writes of one value before it is reported as not taking (then retried after ESS_RETRY_AFTER_MS). */
export const ESS_WRITE_ATTEMPTS = 3;
/** A refused value is tried again this much later: the GX may have been in a state that refused it (a firmware update). */
export const ESS_RETRY_AFTER_MS = 10 * 60_000;

export interface ApplierLimits {
  confirmMs: number;
  attempts: number;
  retryAfterMs: number;
}

export const ESS_LIMITS: ApplierLimits = Object.freeze({ confirmMs: ESS_CONFIRM_MS, attempts: ESS_WRITE_ATTEMPTS, retryAfterMs: ESS_RETRY_AFTER_MS });

/**
 * reading: asked the GX, no answer yet · writing: written, waiting for the value to come back · held: read back equal
 * · failed: `attempts` writes did not take (retried at retryAtMs) · invalid: out of range, never written.
 */
export type EssEntryState = "reading" | "writing" | "held" | "failed" | "invalid";

export interface EssEntry {
  path: string;
  value: number;
  accept: EssTarget["accept"];
  state: EssEntryState;
  /** Last value the GX published for this path (undefined: none yet this session). */
  read: number | null | undefined;
  /** Writes sent for this value since it was planned (or since its last failure). */
  attempts: number;
  /** When the pending read or write was sent, or when a failed one is retried. */
  sinceMs: number;
  /** The GX answered the pending read (with another value): written at the next step, not after confirmMs. */
  answered?: boolean;
  problem?: string;
}

export type EssAction = { kind: "read"; path: string } | { kind: "write"; path: string; value: number };

export interface EssReport {
  /** A change worth a log line and the page: a value held, a write that did not take. */
  level: "info" | "warn";
  message: string;
  path: string;
}

export class EssApplier {
  private readonly limits: ApplierLimits;
  private entries: EssEntry[] = [];
  /** Values the GX published, kept across plans (a new plan starts from them instead of asking again). */
  private readonly known = new Map<string, number | null>();
  readonly reports: EssReport[] = [];

  constructor(limits: ApplierLimits = ESS_LIMITS) {
    this.limits = limits;
  }

  /** The plan's targets; a path whose value did not change keeps its progress. */
  plan(targets: readonly EssTarget[], nowMs: number): void {
    const next: EssEntry[] = [];
    for (const t of targets) {
      const old = this.entries.find((e) => e.path === t.path);
      if (old && old.value === t.value) {
        next.push(old);
        continue;
      }
      const read = this.known.get(t.path);
      // Known and different: written at the next step; not known: asked first.
      const sinceMs = read === undefined ? -Infinity : nowMs - this.limits.confirmMs;
      const entry: EssEntry = { path: t.path, value: t.value, accept: t.accept, state: "reading", read, attempts: 0, sinceMs };
      const problem = essValueProblem(t.path, t.value);
      if (problem !== null) {
        entry.state = "invalid";
        entry.problem = problem;
        this.report("warn", `ESS ${problem}: never written`, t.path);
      } else if (read !== undefined && accepted(t.accept, t.value, read)) entry.state = "held";
      next.push(entry);
    }
    this.entries = next;
  }

  /** The GX published a value (an answer to a read, a write's echo, a change made on the GX itself). */
  onValue(path: string, value: number | null): void {
    this.known.set(path, value);
    const e = this.entries.find((x) => x.path === path);
    if (!e || e.state === "invalid") return;
    e.read = value;
    if (accepted(e.accept, e.value, value)) {
      if (e.state !== "held" && e.attempts > 0) this.report("info", `ESS ${path} = ${value} read back`, path);
      e.state = "held";
      e.attempts = 0;
      e.problem = undefined;
    } else if (e.state === "held") {
      // Changed on the GX (the owner, VRM, another script): put ours back.
      e.state = "reading";
      e.sinceMs = -Infinity;
    } else if (e.state === "reading") e.answered = true;
  }

  /** The link went down: nothing pending will be answered, and what we knew may be stale after it comes back. */
  onDisconnect(): void {
    this.known.clear();
    for (const e of this.entries) {
      e.read = undefined;
      if (e.state === "held" || e.state === "writing" || e.state === "reading") {
        e.state = "reading";
        e.sinceMs = -Infinity;
      }
    }
  }

  /** What to send now; call on a timer (and after a plan). Sends nothing while `online` is false. */
  step(nowMs: number, online: boolean): EssAction[] {
    const actions: EssAction[] = [];
    if (!online) return actions;
    const { confirmMs, attempts, retryAfterMs } = this.limits;
    for (const e of this.entries) {
      if (e.state === "reading") {
        if (e.sinceMs === -Infinity) {
          // First ask the GX what it holds: an equal value is not written again (its flash wears too).
          e.sinceMs = nowMs;
          e.answered = false;
          actions.push({ kind: "read", path: e.path });
        } else if (e.answered === true || nowMs - e.sinceMs >= confirmMs) this.write(e, nowMs, actions);
      } else if (e.state === "writing" && nowMs - e.sinceMs >= confirmMs) {
        if (e.attempts >= attempts) {
          e.state = "failed";
          e.sinceMs = nowMs + retryAfterMs;
          e.problem = `wrote ${e.value} ${e.attempts} times, read back ${e.read === undefined ? "nothing" : String(e.read)}`;
          this.report("warn", `ESS ${e.path}: ${e.problem}; trying again in ${Math.round(retryAfterMs / 60_000)} min`, e.path);
        } else this.write(e, nowMs, actions);
      } else if (e.state === "failed" && nowMs >= e.sinceMs) {
        e.attempts = 0;
        this.write(e, nowMs, actions);
      }
    }
    return actions;
  }

  private write(e: EssEntry, nowMs: number, actions: EssAction[]): void {
    // Checked again at the last moment: nothing outside the range leaves the box, whatever planned it.
    if (essValueProblem(e.path, e.value) !== null) return;
    e.state = "writing";
    e.attempts++;
    e.sinceMs = nowMs;
    actions.push({ kind: "write", path: e.path, value: e.value }, { kind: "read", path: e.path });
  }

  /** Every planned value read back as written. */
  done(): boolean {
    for (const e of this.entries) if (e.state !== "held") return false;
    return this.entries.length > 0;
  }

  view(): readonly Readonly<EssEntry>[] {
    return this.entries;
  }

  /** Reports since the last call (for the log and the status page). */
  drainReports(): EssReport[] {
    return this.reports.splice(0, this.reports.length);
  }

  private report(level: EssReport["level"], message: string, path: string): void {
    // Bounded: a GX refusing everything for days must not grow the heap; the page shows the entries' state anyway.
    if (this.reports.length < MAX_PENDING_REPORTS) this.reports.push({ level, message, path });
  }
}

/** Reports not yet drained are dropped past this (the link drains them at each step). */
const MAX_PENDING_REPORTS = 16;
