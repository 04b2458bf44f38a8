// Several boxes, one home: this box drives some of its loads from another box's decisions, read from the retained
// topics that box already publishes (`<leader>/status`, `<leader>/load/<id>/state`, `<leader>/state`).
// Never a home-made protocol, never outside the core: each decision is a load override through Device.command,
// bounded in time, so a follower that loses its leader — or dies itself — is back on its own policy.

import type { ControllerCommand, ControllerSnapshot, CommandOutcome } from "../app/types";
import type { FollowConfig } from "./config";

/**
 * The leader's JSON state goes out at least every 10 s while its meter reads (power and indexes move; bridge.ts
 * JSON_MIN_PERIOD_MS): two minutes without a word from it is a leader whose meter or core has stopped.
 */
export const FOLLOW_SILENCE_MS = 120_000;
/**
 * Each followed decision is an override that ends by itself after this: a follower whose bridge stops (or whose
 * broker is gone) returns to its own policy within it, without needing to run anything.
 */
export const FOLLOW_HOLD_MS = 10 * 60_000;
/** A held override is renewed once less than this is left (a command per followed load every ~5 minutes). */
export const FOLLOW_RENEW_MS = FOLLOW_HOLD_MS / 2;
/** How often a follower checks for a silent leader when nothing else wakes it (a Pi with no meter of its own). */
export const FOLLOW_CHECK_MS = 5_000;
/** Longer than any word the leader's availability or load state holds ("offline"): read as text only up to this. */
const SHORT_PAYLOAD_MAX = 16;

/** Why a followed load is where it is: shown in the bridge's status. */
export type FollowState = "following" | "leader-offline" | "leader-silent" | "leader-unknown" | "owner" | "no-such-load";

export interface FollowDevice {
  snapshot(): ControllerSnapshot | undefined;
  command(command: ControllerCommand): CommandOutcome;
}

export interface FollowStatus {
  leaderBase: string;
  leader: "online" | "offline" | "silent" | "unknown";
  /** Ours → what it does now. */
  loads: Record<string, FollowState>;
}

interface Held {
  override: "on" | "off";
  untilMs: number;
}

export class Follower {
  private readonly config: FollowConfig;
  private readonly device: FollowDevice;
  private available: boolean | undefined;
  private lastHeardMs: number | undefined;
  /** Leader load id → "ON" / "OFF" as last read (its binary_sensor state). */
  private readonly leaderStates: Record<string, string> = {};
  /** Our overrides in force, by our load id: anything else in the snapshot is the owner's, and wins. */
  private readonly held: Record<string, Held> = {};
  private readonly states: Record<string, FollowState> = {};

  constructor(config: FollowConfig, device: FollowDevice) {
    this.config = config;
    this.device = device;
  }

  /** Topic filters to subscribe to once connected. */
  filters(): string[] {
    const base = this.config.leaderBase;
    return [`${base}/status`, `${base}/state`, `${base}/load/+/state`];
  }

  /** A message from the broker: true when it was the leader's (the bridge then looks no further). */
  message(topic: string, bytes: Uint8Array, nowMs: number): boolean {
    const base = this.config.leaderBase;
    if (topic.length <= base.length || topic.slice(0, base.length + 1) !== `${base}/`) return false;
    const rest = topic.slice(base.length + 1);
    // Only the short words are read ("online", "ON"…); the JSON state only counts as a sign of life.
    const payload = bytes.length <= SHORT_PAYLOAD_MAX ? String.fromCharCode(...bytes) : "…";
    if (rest === "status") {
      // The retained availability: "online" on its connect, its will "offline" when it vanished.
      this.available = payload === "online";
      if (this.available) this.lastHeardMs = nowMs;
    } else if (rest === "state") {
      if (payload !== "") this.lastHeardMs = nowMs;
    } else {
      const m = /^load\/([a-z0-9][a-z0-9_-]{0,31})\/state$/.exec(rest);
      if (!m) return true;
      // An emptied retained state is a deleted load: nothing to follow.
      if (payload === "ON" || payload === "OFF") this.leaderStates[m[1]] = payload;
      else delete this.leaderStates[m[1]];
    }
    this.apply(nowMs);
    return true;
  }

  /**
   * Our link is down, or the bridge stops: the leader is unknown from now on. Our held overrides are released at
   * once when we can (a clean stop), else they end by themselves within FOLLOW_HOLD_MS.
   */
  forget(nowMs: number): void {
    this.available = undefined;
    this.lastHeardMs = undefined;
    this.apply(nowMs);
  }

  /** What each followed load does now, and why. */
  status(nowMs: number): FollowStatus {
    return { leaderBase: this.config.leaderBase, leader: this.leaderState(nowMs), loads: { ...this.states } };
  }

  private leaderState(nowMs: number): FollowStatus["leader"] {
    if (this.available === undefined) return "unknown";
    if (!this.available) return "offline";
    if (this.lastHeardMs === undefined || nowMs - this.lastHeardMs >= FOLLOW_SILENCE_MS) return "silent";
    return "online";
  }

  /** Each followed load to the leader's decision, or back to our own policy; a held one is renewed when half gone. */
  apply(nowMs: number): void {
    const snapshot = this.device.snapshot();
    if (!snapshot) return;
    const leader = this.leaderState(nowMs);
    for (const ours of Object.keys(this.config.loads)) {
      const load = snapshot.loads.find((l) => l.id === ours);
      if (!load) {
        this.states[ours] = "no-such-load";
        continue;
      }
      const held = this.held[ours];
      // Ours still in force when the snapshot shows exactly what we set; an expired one has gone back to auto.
      const oursInForce = held !== undefined && load.override === held.override && load.overrideUntilMs === held.untilMs;
      if (held !== undefined && !oursInForce) delete this.held[ours];
      if (!oursInForce && load.override !== "auto") {
        // The owner forced it (page, HomeKit, MQTT): theirs wins until they put it back on automatic.
        this.states[ours] = "owner";
        continue;
      }
      const theirs = this.leaderStates[this.config.loads[ours]];
      const want: "on" | "off" | undefined = leader === "online" && theirs !== undefined ? (theirs === "ON" ? "on" : "off") : undefined;
      if (want === undefined) {
        this.states[ours] = leader === "online" ? "leader-unknown" : leader === "offline" ? "leader-offline" : leader === "silent" ? "leader-silent" : "leader-unknown";
        if (oursInForce) {
          delete this.held[ours];
          this.device.command({ type: "load-override", loadId: ours, override: "auto" });
        }
        continue;
      }
      this.states[ours] = "following";
      const current = this.held[ours];
      if (current !== undefined && current.override === want && current.untilMs - nowMs > FOLLOW_RENEW_MS) continue;
      const untilMs = nowMs + FOLLOW_HOLD_MS;
      const outcome = this.device.command({ type: "load-override", loadId: ours, override: want, untilMs });
      if (outcome.refused === undefined) this.held[ours] = { override: want, untilMs };
    }
  }
}
