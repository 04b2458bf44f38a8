// The meter slice: is the meter talking, what it last said about power, and the base load we do not switch.
// Pure reducer; never parses bytes (src/tic does) and never reads the clock.

import type { TicReading } from "../tic/types";

export type MeterStatus = "waiting" | "ok" | "lost";

/**
 * How many frames in a row, among those that carry it, must show a new subscribed power or phase count before it
 * replaces the one in force. One frame is not enough: a group dropped for a bad checksum, or one corrupted so that it
 * still passes (its 6-bit checksum lets 1 corruption in 64 through), must not move the budget; a real change of
 * contract is taken two frames later (3 s). A frame that does not carry the value neither confirms nor resets it.
 */
export const CONTRACT_CONFIRM_FRAMES = 2;

/** A value differing from the one in force, seen in `frames` frames in a row that carried the value. */
export interface PendingValue {
  value: number;
  frames: number;
}

export interface MeterState {
  status: MeterStatus;
  lastFrameMs: number | null;
  powerVA: number | null;
  /**
   * The subscribed power (VA) and phase count in force: the first the meter gave, then only a value confirmed by
   * CONTRACT_CONFIRM_FRAMES frames. A meter loss keeps them (unplugging the cable changes no contract).
   */
  subscribedVA: number | null;
  phases: number | null;
  pendingSubscribedVA: PendingValue | null;
  pendingPhases: PendingValue | null;
  /** Power drawn by everything we do not switch, estimated from the last settled frame. */
  baseW: number;
}

export function initialMeter(): MeterState {
  return { status: "waiting", lastFrameMs: null, powerVA: null, subscribedVA: null, phases: null, pendingSubscribedVA: null, pendingPhases: null, baseW: 0 };
}

/** The value in force after a frame that shows `seen` (undefined: the frame does not carry it). */
function confirm(inForce: number | null, pending: PendingValue | null, seen: number | undefined): { value: number | null; pending: PendingValue | null } {
  if (seen === undefined) return { value: inForce, pending };
  // Nothing known yet: the meter's first word beats the fallback, which is only a guess.
  if (inForce === null || seen === inForce) return { value: seen, pending: null };
  const frames = pending !== null && pending.value === seen ? pending.frames + 1 : 1;
  return frames >= CONTRACT_CONFIRM_FRAMES ? { value: seen, pending: null } : { value: inForce, pending: { value: seen, frames } };
}

/**
 * A valid frame. `oursW` is what our running loads draw; `settled` says the frame cannot predate a switch
 * (only settled frames teach us the base load).
 */
export function onReading(meter: MeterState, reading: TicReading, nowMs: number, oursW: number, settled: boolean): MeterState {
  const powerVA = reading.apparentPowerVA ?? null;
  const phases = confirm(meter.phases, meter.pendingPhases, reading.phases);
  // A historic ISOUSC is per phase: a frame that disagrees with the phase count in force multiplied it wrongly.
  const contradicts = reading.phases !== undefined && phases.value !== null && reading.phases !== phases.value;
  const subscribed = confirm(meter.subscribedVA, meter.pendingSubscribedVA, contradicts ? undefined : reading.subscribedPowerVA);
  return {
    status: "ok",
    lastFrameMs: nowMs,
    powerVA,
    subscribedVA: subscribed.value,
    phases: phases.value,
    pendingSubscribedVA: subscribed.pending,
    pendingPhases: phases.pending,
    baseW: powerVA !== null && settled ? Math.max(0, powerVA - oursW) : meter.baseW,
  };
}

/**
 * The watchdog: no valid frame for the timeout (since boot, or since the last one) means the meter is lost.
 * null while nothing happens (every event asks: nothing is allocated then).
 */
export function watchMeter(meter: MeterState, bootMs: number, nowMs: number, timeoutMs: number): { state: MeterState; lostDetail: string } | null {
  if (meter.status === "lost") return null;
  const sinceMs = nowMs - (meter.lastFrameMs ?? bootMs);
  if (sinceMs < timeoutMs) return null;
  return {
    state: { ...meter, status: "lost", powerVA: null },
    lostDetail: `no valid frame for ${sinceMs} ms (timeout ${timeoutMs} ms): tariff from our clock and last colours`,
  };
}

export function limitVA(meter: MeterState, fallbackSubscribedVA: number): number {
  return meter.subscribedVA ?? fallbackSubscribedVA;
}
