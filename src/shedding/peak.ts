// The tariff situation the policy reacts to: red peak, white peak or none, with the facts behind it.
// Pure; never decides a load and never reads the clock.

import type { TariffState } from "../tariff/tariff-tracker";
import type { UnknownColourPolicy } from "../app/types";

export interface Peak {
  kind: "red" | "white" | "none";
  /** e.g. "red HP from PTEC", "colour unknown in HP, treated as white (setting)". */
  detail: string;
}

export function peakOf(tariff: TariffState, unknownPolicy: UnknownColourPolicy): Peak {
  // A base or HC/HP contract has no coloured peaks: the unknown-colour policy is for Tempo (or not yet known).
  if (tariff.contract !== "tempo" && tariff.contract !== "unknown") return { kind: "none", detail: `${tariff.contract} contract: no Tempo peak` };
  if (tariff.period !== "hp") return { kind: "none", detail: `${tariff.today} HC (${tariff.periodSource})` };
  if (tariff.today === "unknown") {
    // Never assume blue on an unknown colour unless the owner chose so: red and white peaks are expensive.
    const kind = unknownPolicy === "blue" ? "none" : unknownPolicy;
    return { kind, detail: `colour unknown in HP, treated as ${unknownPolicy} (setting)` };
  }
  const kind = tariff.today === "blue" ? "none" : tariff.today;
  return { kind, detail: `${tariff.today} HP (colour: ${tariff.todaySource}, period: ${tariff.periodSource})` };
}
