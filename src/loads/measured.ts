// What a load's smart plug says of it: reachable or not, its last known contact, the power it measures — and the
// power the budget counts for the load (the measurement when fresh, else the nominal). Pure; never reads the clock.

import type { LoadKinds } from "./kinds";
import type { LoadConfig } from "./types";

/** A remote output's reports about one load (absent on a load no plug reported on: a GPIO). */
export interface RemoteReport {
  /** The last report was "no answer": the plug is unreachable (its last known contact is `lastConfirmed`). */
  unreachable: boolean;
  /** The last contact level the plug confirmed (kept while unreachable). */
  lastConfirmed: boolean | null;
  /** Measured power (W), null when none or stale. */
  measuredW: number | null;
  measuredAtMs: number;
}

/**
 * A plug reads every 30 s (src/plugs PLUG_POLL_MS); a measurement missing two reads and a time-out is stale, and
 * the budget goes back to the nominal power.
 */
export const MEASURED_FRESH_MS = 75_000;
/**
 * Below this the load is idle (a heater whose thermostat is open, a plug's own standby): it may start drawing its
 * nominal at any moment, so the budget keeps counting the nominal.
 */
export const MEASURED_IDLE_W = 20;
/**
 * A new measurement within this of the kept one is noise: not stored, so a load's allocated power (and the facts,
 * MQTT states and page that follow it) does not move with every read.
 */
export const MEASURED_STEP_W = 50;

const NO_REPORT: RemoteReport = Object.freeze({ unreachable: false, lastConfirmed: null, measuredW: null, measuredAtMs: 0 });

export function reportOf(remote: RemoteReport | undefined): RemoteReport {
  return remote ?? NO_REPORT;
}

/** The report after the plug confirmed `confirmed` (null: no answer). Same object when nothing changed. */
export function withConfirmed(remote: RemoteReport | undefined, confirmed: boolean | null): RemoteReport {
  const r = reportOf(remote);
  const unreachable = confirmed === null;
  const lastConfirmed = confirmed === null ? r.lastConfirmed : confirmed;
  if (remote !== undefined && r.unreachable === unreachable && r.lastConfirmed === lastConfirmed) return remote;
  return { unreachable, lastConfirmed, measuredW: unreachable ? null : r.measuredW, measuredAtMs: r.measuredAtMs };
}

/** The report after a measurement (null: the plug could not be read). Same object when it is noise. */
export function withMeasured(remote: RemoteReport | undefined, powerW: number | null, nowMs: number): RemoteReport {
  const r = reportOf(remote);
  if (powerW === null) return r.measuredW === null && remote !== undefined ? remote : { ...r, measuredW: null };
  const near = r.measuredW !== null && (powerW > r.measuredW ? powerW - r.measuredW : r.measuredW - powerW) < MEASURED_STEP_W;
  // Noise is not stored, but it renews the measurement's age.
  return { ...r, measuredW: near ? r.measuredW : Math.round(powerW), measuredAtMs: nowMs };
}

/** The report with a stale measurement dropped; the same object when it is fresh or absent. */
export function expired(remote: RemoteReport | undefined, nowMs: number): RemoteReport | undefined {
  if (remote === undefined || remote.measuredW === null || nowMs - remote.measuredAtMs <= MEASURED_FRESH_MS) return remote;
  return { ...remote, measuredW: null };
}

/**
 * The power the budget counts for a load: what its plug measures while it runs and draws (fresh, above idle),
 * else its nominal power. A shed load measures nothing, so its nominal is what it would draw back; a modulating
 * load runs on its setpoint, not a plug.
 */
export function budgetPowerW(load: LoadConfig, running: boolean | null, remote: RemoteReport | undefined, kinds: LoadKinds): number {
  if (running !== true || remote === undefined || remote.measuredW === null || remote.measuredW < MEASURED_IDLE_W) return load.nominalPowerW;
  return kinds[load.kind].modulating ? load.nominalPowerW : remote.measuredW;
}
