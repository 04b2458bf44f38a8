// Effects that report state rather than decide it: tariff changes, LED pattern, HomeKit values, flash writes.
// Pure comparisons of the previous and next state; never writes flash itself and never reads the clock.

import type { ControllerState } from "./state";
import type { Effect, LedPattern, PersistKey, PersistedState } from "./types";

/** At most one flash write per key in this time; a restart loses at most this much of the owner's changes. */
export const PERSIST_DEBOUNCE_MS = 5000;

/** How long the LED shows a refusal before the steady pattern returns. */
export const REFUSED_LED_MS = 5000;

export function tariffEffect(prev: ControllerState, next: ControllerState, first: boolean): Effect | null {
  const a = prev.tariff;
  const b = next.tariff;
  const changed =
    first || a.today !== b.today || a.period !== b.period || a.tomorrow !== b.tomorrow || a.suspicious.join("|") !== b.suspicious.join("|");
  if (!changed) return null;
  const effect: Effect = { type: "tariff", colour: b.today, period: b.period, tomorrow: b.tomorrow, source: b.todaySource };
  if (b.suspicious.length > 0) effect.suspicious = b.suspicious.slice();
  return effect;
}

/** Steady pattern by severity (first match wins), with a refusal shown briefly on top of "normal". */
export function ledPattern(s: ControllerState, nowMs: number): LedPattern {
  if (s.overload.unresolved) return "overload-unresolved";
  if (s.meter.status === "lost") return "meter-lost";
  if (s.refusedUntilMs !== null && nowMs < s.refusedUntilMs) return "refused";
  return "normal";
}

export function homekitEffect(s: ControllerState): Extract<Effect, { type: "homekit" }> {
  // "Heating" means a sheddable load runs: priority 0 (a fridge, a pump) says nothing about the heating.
  let heating = false;
  for (const load of s.settings.loads) if (load.priority > 0 && s.loads[load.id].on === true) heating = true;
  return { type: "homekit", current: heating ? "HEAT" : "OFF", target: s.mode, tomorrowAlert: s.tariff.tomorrow === "red" || s.tariff.tomorrow === "white" };
}

export function persistedValues(s: ControllerState): Required<Pick<PersistedState, "owner" | "tariff">> {
  const overrides: NonNullable<PersistedState["owner"]>["overrides"] = {};
  for (const load of s.settings.loads) {
    const rt = s.loads[load.id];
    if (rt.override !== "auto") overrides[load.id] = rt.overrideUntilMs === undefined ? { override: rt.override } : { override: rt.override, untilMs: rt.overrideUntilMs };
  }
  return {
    owner: { mode: s.mode, heatUntilMs: s.heatUntilMs, overrides },
    tariff: { dayStartMs: s.tariff.dayStartMs, today: s.tariff.today, tomorrow: s.tariff.tomorrow, contract: s.tariff.contract },
  };
}

/** A persist effect only for a key whose value really changed since the last write (flash wears out). */
export function persistEffects(s: ControllerState, fx: Effect[]): void {
  const values = persistedValues(s);
  const keys: PersistKey[] = ["owner", "tariff"];
  for (const key of keys) {
    const text = JSON.stringify(values[key as "owner" | "tariff"]);
    if (s.persisted[key] === text) continue;
    // Unknown colours are not worth a flash write on a fresh box.
    if (key === "tariff" && s.persisted[key] === undefined && values.tariff.today === "unknown" && values.tariff.tomorrow === "unknown") continue;
    s.persisted = { ...s.persisted, [key]: text };
    fx.push({ type: "persist", key, value: JSON.parse(text) });
  }
}
