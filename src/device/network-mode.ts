// The box's network-mode policy: station, set-up access point or both, decided from network facts and the time.
// Never does IO or reads a clock: the network supervisor (network.ts) gathers the facts, calls this, and applies the result.

export const PROVISIONING = Object.freeze({
  /** A router reboot takes 2–3 minutes: only a stored network down longer than this opens the set-up AP. */
  STATION_GRACE_MS: 5 * 60_000,
  /** The portal closes by itself after 10 minutes without a visitor (its default idle close follows this). */
  PORTAL_IDLE_CLOSE_MS: 10 * 60_000,
  /** After an idle close, while still needed, the AP opens again this much later (owner away, router changed). */
  AP_REOPEN_AFTER_MS: 30 * 60_000,
});

export interface NetworkFacts {
  nowMs: number;
  /** Station credentials are stored (false on a new box and right after a factory reset, which erases them). */
  wifiStored: boolean;
  /** The station link is up right now. */
  stationUp: boolean;
  /** Since when the station has had no link (the boot time if it never had one); ignored while up. */
  stationDownSinceMs: number;
  /** The set-up access point while it is open. */
  accessPoint?: { openedAtMs: number; lastVisitMs?: number };
  /** When the access point last closed because nobody visited (undefined if that never happened). */
  apIdleClosedAtMs?: number;
}

export type NetworkReason =
  | "no-wifi-stored"
  | "no-wifi-portal-idle"
  | "connected"
  | "joining"
  | "unreachable"
  | "unreachable-portal-idle";

export interface NetworkDecision {
  /** Keep the station running or retrying the stored network (in the background while the AP is open). */
  station: boolean;
  /** The set-up access point, with the captive DNS and portal, should be open. */
  accessPoint: boolean;
  reason: NetworkReason;
  /** Latest time to decide again (a time-driven change is due then); undefined when only an event can change it. */
  recheckAtMs?: number;
}

interface AccessPointPart {
  open: boolean;
  idle: boolean;
  recheckAtMs: number;
}

/** The AP while it is wanted: open until 10 minutes without a visitor, then closed for 30 minutes, and again. */
function accessPointWhileWanted(facts: NetworkFacts): AccessPointPart {
  const p = PROVISIONING;
  if (facts.accessPoint !== undefined) {
    const lastActivityMs = Math.max(facts.accessPoint.openedAtMs, facts.accessPoint.lastVisitMs ?? -Infinity);
    const closeAtMs = lastActivityMs + p.PORTAL_IDLE_CLOSE_MS;
    if (facts.nowMs >= closeAtMs) return { open: false, idle: true, recheckAtMs: facts.nowMs + p.AP_REOPEN_AFTER_MS };
    return { open: true, idle: false, recheckAtMs: closeAtMs };
  }
  if (facts.apIdleClosedAtMs !== undefined) {
    const reopenAtMs = facts.apIdleClosedAtMs + p.AP_REOPEN_AFTER_MS;
    if (facts.nowMs < reopenAtMs) return { open: false, idle: true, recheckAtMs: reopenAtMs };
  }
  return { open: true, idle: false, recheckAtMs: facts.nowMs + p.PORTAL_IDLE_CLOSE_MS };
}

/**
 * Rules, first match wins:
 * 1. no Wi-Fi stored → access point only (there is nothing to join);
 * 2. station up → station only (closes an AP opened during an outage);
 * 3. station down for less than the grace → station only, still joining (a router reboot must not open the AP);
 * 4. station down longer → access point AND station: the box keeps retrying in the background, so an outage
 *    at the router never strands it in set-up mode.
 * In 1 and 4 the AP follows its idle cycle (open, closed after 10 min without a visitor, reopened 30 min later).
 */
export function decideNetworkMode(facts: NetworkFacts): NetworkDecision {
  if (!facts.wifiStored) {
    const ap = accessPointWhileWanted(facts);
    return { station: false, accessPoint: ap.open, reason: ap.idle ? "no-wifi-portal-idle" : "no-wifi-stored", recheckAtMs: ap.recheckAtMs };
  }
  if (facts.stationUp) return { station: true, accessPoint: false, reason: "connected" };
  const graceEndsAtMs = facts.stationDownSinceMs + PROVISIONING.STATION_GRACE_MS;
  if (facts.nowMs < graceEndsAtMs) return { station: true, accessPoint: false, reason: "joining", recheckAtMs: graceEndsAtMs };
  const ap = accessPointWhileWanted(facts);
  return { station: true, accessPoint: ap.open, reason: ap.idle ? "unreachable-portal-idle" : "unreachable", recheckAtMs: ap.recheckAtMs };
}
