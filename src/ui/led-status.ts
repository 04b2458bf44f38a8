// What the blue LED shows now: the box's conditions reduced to one pattern, and its phase since it started.
// Pure: never reads a clock or drives a pin (the device passes nowMs and writes the level it gets back).
import { LED_PATTERNS, ledLevelAt, selectPattern, type LedPatternName } from "./led-patterns";

export type Connectivity = "booting" | "paired" | "not-paired" | "access-point" | "wifi-lost";
/** The Controller's LED names ("refused" is transient and goes through `showRefused`). */
export type EngineLed = "normal" | "meter-lost" | "overload-unresolved";
export type ButtonLed = "none" | "reset-armed" | "reset-ready";

export interface LedConditions {
  connectivity: Connectivity;
  engine: EngineLed;
  button: ButtonLed;
  /** A refusal is shown until this time. */
  refusedUntilMs: number;
}

export function initialLedConditions(): LedConditions {
  return { connectivity: "booting", engine: "normal", button: "none", refusedUntilMs: 0 };
}

const CONNECTIVITY_PATTERN: Readonly<Record<Connectivity, LedPatternName>> = Object.freeze({
  booting: "off",
  paired: "normal",
  "not-paired": "not-paired",
  "access-point": "access-point",
  "wifi-lost": "wifi-lost",
});

/** Every pattern whose condition holds at `nowMs`. */
export function activePatterns(conditions: LedConditions, nowMs: number): LedPatternName[] {
  const active: LedPatternName[] = [CONNECTIVITY_PATTERN[conditions.connectivity]];
  if (conditions.engine !== "normal") active.push(conditions.engine);
  if (conditions.button !== "none") active.push(conditions.button);
  if (nowMs < conditions.refusedUntilMs) active.push("refused");
  return active;
}

/** Tracks the shown pattern so that a newly selected pattern starts at its own phase 0 (a refusal starts lit). */
export class LedStatus {
  private conditions: LedConditions = initialLedConditions();
  private shown: LedPatternName = "off";
  private shownSinceMs: number;

  constructor(nowMs: number) {
    this.shownSinceMs = nowMs;
  }

  update(patch: Partial<LedConditions>, nowMs: number): void {
    this.conditions = { ...this.conditions, ...patch };
    this.level(nowMs);
  }

  showRefused(nowMs: number): void {
    this.update({ refusedUntilMs: nowMs + (LED_PATTERNS.refused.transientMs ?? 0) }, nowMs);
  }

  current(): Readonly<LedConditions> {
    return this.conditions;
  }

  /** The pattern to show at `nowMs`; switching pattern restarts its phase. */
  pattern(nowMs: number): LedPatternName {
    const selected = selectPattern(activePatterns(this.conditions, nowMs));
    if (selected !== this.shown) {
      this.shown = selected;
      this.shownSinceMs = nowMs;
    }
    return selected;
  }

  /** Blue LED level at `nowMs`. */
  level(nowMs: number): boolean {
    const name = this.pattern(nowMs);
    return ledLevelAt(name, nowMs - this.shownSinceMs);
  }
}
