// The meter slice: is the meter talking, what it last said about power, and the base load we do not switch.
// Pure reducer; never parses bytes (src/tic does) and never reads the clock.

import type { TicReading } from "../tic/types";

export type MeterStatus = "waiting" | "ok" | "lost";

export interface MeterState {
  status: MeterStatus;
  lastFrameMs: number | null;
  powerVA: number | null;
  subscribedVA: number | null;
  /** Power drawn by everything we do not switch, estimated from the last settled frame. */
  baseW: number;
}

export function initialMeter(): MeterState {
  return { status: "waiting", lastFrameMs: null, powerVA: null, subscribedVA: null, baseW: 0 };
}

/**
 * A valid frame. `oursW` is what our running loads draw; `settled` says the frame cannot predate a switch
 * (only settled frames teach us the base load).
 */
export function onReading(meter: MeterState, reading: TicReading, nowMs: number, oursW: number, settled: boolean): MeterState {
  const powerVA = reading.apparentPowerVA ?? null;
  return {
    status: "ok",
    lastFrameMs: nowMs,
    powerVA,
    subscribedVA: reading.subscribedPowerVA ?? meter.subscribedVA,
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
