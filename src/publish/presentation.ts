// Presentation derived from the Controller's snapshot and facts: the Home app's thermostat values and the LED's
// engine pattern. Pure observers of the core; never decide anything and never feed back into the Controller.

import type { ControllerSnapshot, Effect } from "../app/types";
import { LED_PATTERNS, selectPattern, type LedPatternName } from "../ui/led-patterns";

/** The engine's part of the blue LED (connectivity and the button are added by the Device's LED status). */
export type EngineLed = "normal" | "refused" | "meter-lost" | "overload-unresolved";

export interface HomeKitValues {
  current: "HEAT" | "OFF";
  target: "HEAT" | "AUTO";
  /** Tomorrow is red or white: an expensive day ahead. */
  tomorrowAlert: boolean;
}

export type Presentation = { type: "led"; pattern: EngineLed } | ({ type: "homekit" } & HomeKitValues);

export function homekitValues(snapshot: ControllerSnapshot): HomeKitValues {
  // "Heating" means a sheddable load runs: priority 0 (a fridge, a pump) says nothing about the heating.
  let heating = false;
  for (const load of snapshot.loads) if (load.priority > 0 && load.on) heating = true;
  const t = snapshot.tariff.tomorrow;
  return { current: heating ? "HEAT" : "OFF", target: snapshot.mode, tomorrowAlert: t === "red" || t === "white" };
}

/** The engine's LED by the one severity table (LED_PATTERNS priorities); a refusal shows for its transient time. */
export function engineLed(snapshot: ControllerSnapshot, refusedUntilMs: number, nowMs: number): EngineLed {
  const active: LedPatternName[] = [];
  if (snapshot.overload.unresolved) active.push("overload-unresolved");
  if (snapshot.meter.status === "lost") active.push("meter-lost");
  if (nowMs < refusedUntilMs) active.push("refused");
  const chosen = selectPattern(active);
  return chosen === "overload-unresolved" || chosen === "meter-lost" || chosen === "refused" ? chosen : "normal";
}

/** What update() returns when no presentation moved: shared and frozen (most updates). */
const NOTHING_CHANGED: Presentation[] = Object.freeze([]) as unknown as Presentation[];

/**
 * Follows the snapshot and facts and says what presentation changed: one `led` and one `homekit` record when
 * their value moves (and once at the start). A refused command always re-sends HomeKit's values, so the Home
 * app's tile flips back to what the box kept.
 */
export class PresentationTracker {
  private led: EngineLed | null = null;
  private homekit: HomeKitValues | null = null;
  private refusedUntilMs = 0;

  update(snapshot: ControllerSnapshot, facts: readonly Effect[], nowMs: number): Presentation[] {
    let out: Presentation[] = NOTHING_CHANGED;
    let refused = false;
    for (let i = 0; i < facts.length; i++) {
      if (facts[i].type === "refused") {
        refused = true;
        this.refusedUntilMs = nowMs + (LED_PATTERNS.refused.transientMs ?? 0);
      }
    }
    const led = engineLed(snapshot, this.refusedUntilMs, nowMs);
    if (led !== this.led) {
      this.led = led;
      out = [{ type: "led", pattern: led }];
    }
    const hk = homekitValues(snapshot);
    const last = this.homekit;
    if (refused || !last || last.current !== hk.current || last.target !== hk.target || last.tomorrowAlert !== hk.tomorrowAlert) {
      this.homekit = hk;
      if (out === NOTHING_CHANGED) out = [];
      out.push({ type: "homekit", ...hk });
    }
    return out;
  }

  /** Whether anything time-driven may still change (a refusal blinking), so a quiet tick must be looked at. */
  pending(nowMs: number): boolean {
    return nowMs < this.refusedUntilMs || this.led === "refused";
  }
}
