// The blue status LED's blink patterns: one frozen table (shape, priority) and the pure functions that read it.
// Never drives a pin or reads a clock: callers pass the time and set the LED themselves.

/** A pattern repeats every `periodMs`; the LED is lit during each [fromMs, toMs) span of the period. */
export interface LedPattern {
  /** Higher wins when several conditions hold at once. */
  priority: number;
  periodMs: number;
  spans: readonly (readonly [fromMs: number, toMs: number])[];
  /** A transient pattern (shown once after an event) lasts this long, then the next one shows again. */
  transientMs?: number;
  /** The owner's-manual wording. */
  meaning: string;
}

// Order of priority, highest first, and why: the button feedback must answer the finger holding it; a refusal
// is a short answer to a press; faults outrank connectivity because shedding matters more than Apple Home;
// "normal" (steady) is what a healthy paired box shows.
export const LED_PATTERNS = deepFreeze({
  "reset-ready": { priority: 100, periodMs: 1000, spans: [], meaning: "off: held past 10 s, release now to factory reset" },
  "reset-armed": { priority: 90, periodMs: 200, spans: [[0, 100]], meaning: "fast blink: held past 3 s, keep holding to factory reset" },
  refused: { priority: 80, periodMs: 2000, spans: [[0, 80], [160, 240], [320, 400], [480, 560]], transientMs: 2000, meaning: "four very quick flashes: request refused (HEAT on a red peak)" },
  "overload-unresolved": { priority: 70, periodMs: 500, spans: [[0, 250]], meaning: "fast blink: over-consumption that shedding cannot clear" },
  "meter-lost": { priority: 60, periodMs: 2000, spans: [[0, 1000]], meaning: "slow blink, 1 s on and 1 s off: no data from the meter" },
  "access-point": { priority: 50, periodMs: 2000, spans: [[0, 1800]], meaning: "on with a short gap every 2 s: set-up access point open" },
  "wifi-lost": { priority: 40, periodMs: 3000, spans: [[0, 150]], meaning: "one short flash every 3 s: Wi-Fi lost, reconnecting" },
  "not-paired": { priority: 30, periodMs: 3000, spans: [[0, 150], [400, 550]], meaning: "two short flashes every 3 s: running, not paired in Apple Home" },
  normal: { priority: 10, periodMs: 1000, spans: [[0, 1000]], meaning: "steady: running and paired in Apple Home" },
  off: { priority: 0, periodMs: 1000, spans: [], meaning: "off: booting" },
} satisfies Record<string, LedPattern>);

function deepFreeze<T extends object>(table: T): Readonly<T> {
  for (const value of Object.values(table)) if (typeof value === "object" && value !== null) deepFreeze(value);
  return Object.freeze(table);
}

export type LedPatternName = keyof typeof LED_PATTERNS;

export function isLedPatternName(name: string): name is LedPatternName {
  return Object.prototype.hasOwnProperty.call(LED_PATTERNS, name);
}

/** Whether the LED is lit `elapsedMs` after the pattern started (patterns start lit at phase 0). */
export function ledLevelAt(name: LedPatternName, elapsedMs: number): boolean {
  const pattern: LedPattern = LED_PATTERNS[name];
  if (elapsedMs < 0) return false;
  const phaseMs = elapsedMs % pattern.periodMs;
  for (const [fromMs, toMs] of pattern.spans) if (phaseMs >= fromMs && phaseMs < toMs) return true;
  return false;
}

/** Of the patterns that currently hold, the one to show (the highest priority; "off" when none holds). */
export function selectPattern(active: readonly LedPatternName[]): LedPatternName {
  let best: LedPatternName = "off";
  for (const name of active) if (LED_PATTERNS[name].priority > LED_PATTERNS[best].priority) best = name;
  return best;
}

/** The red LED is the power indicator: lit whenever the box has power, whatever the blue one shows. */
export const RED_LED_ON_WHEN_POWERED = true;
