// The tariff situation the policy reacts to: red peak, white peak or none, with the facts behind it.
// Pure; never decides a load and never reads the clock.

import type { DecisionNumbers } from "../loads/types";
import type { UnknownColourPolicy } from "../settings/types";
import type { TariffState } from "./tariff-tracker";

export interface Peak {
  kind: "red" | "white" | "none";
  /** e.g. "red HP from PTEC", "colour unknown in HP, treated as white (setting)". */
  detail: string;
  /** The facts compared: colour and period, and where each came from. */
  numbers: DecisionNumbers;
}

export function peakOf(tariff: TariffState, unknownPolicy: UnknownColourPolicy): Peak {
  const numbers = { colour: tariff.today, period: tariff.period, colourSource: tariff.todaySource, periodSource: tariff.periodSource };
  // A base or HC/HP contract has no coloured peaks: the unknown-colour policy is for Tempo (or not yet known).
  if (tariff.contract !== "tempo" && tariff.contract !== "unknown") return { kind: "none", detail: `${tariff.contract} contract: no Tempo peak`, numbers };
  if (tariff.period !== "hp") return { kind: "none", detail: `${tariff.today} HC (${tariff.periodSource})`, numbers };
  if (tariff.today === "unknown") {
    // Never assume blue on an unknown colour unless the owner chose so: red and white peaks are expensive.
    const kind = unknownPolicy === "blue" ? "none" : unknownPolicy;
    return { kind, detail: `colour unknown in HP, treated as ${unknownPolicy} (setting)`, numbers };
  }
  const kind = tariff.today === "blue" ? "none" : tariff.today;
  return { kind, detail: `${tariff.today} HP (colour: ${tariff.todaySource}, period: ${tariff.periodSource})`, numbers };
}

/** A peak and the tariff state and setting it was worked out from: asking again about the same tariff is free. */
export interface PeakMemo {
  tariff: TariffState;
  policy: UnknownColourPolicy;
  peak: Peak;
}

/**
 * The peak for `tariff`: `last` itself when the tariff and setting are the ones it was worked out from, and
 * `last.peak` (the same object) when a changed tariff still gives the same peak, so what depends on it can tell.
 */
export function peakMemo(last: PeakMemo | null, tariff: TariffState, policy: UnknownColourPolicy): PeakMemo {
  if (last !== null && last.tariff === tariff && last.policy === policy) return last;
  const fresh = peakOf(tariff, policy);
  return { tariff, policy, peak: last !== null && samePeak(last.peak, fresh) ? last.peak : fresh };
}

function samePeak(a: Peak, b: Peak): boolean {
  if (a.kind !== b.kind || a.detail !== b.detail) return false;
  for (const k in a.numbers) if (a.numbers[k] !== b.numbers[k]) return false;
  for (const k in b.numbers) if (!(k in a.numbers)) return false;
  return true;
}
