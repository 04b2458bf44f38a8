// Builds normalised meter readings for engine tests, as the TIC decoder would deliver them.
// Node-free (shared with the XS lane); never encodes bytes (the scenario tests use the real decoder for that).

import type { TempoColour, TicReading } from "../../src/tic/types";

export interface ReadingSpec {
  colour?: TempoColour | "none";
  period?: "hp" | "hc";
  tomorrow?: TempoColour | "unknown";
  powerVA?: number;
  subscribedVA?: number;
  overload?: boolean;
  meterTime?: string;
  warnings?: string[];
}

export function reading(spec: ReadingSpec = {}): TicReading {
  const r: TicReading = {
    mode: "historic",
    meterId: "021861348497",
    contract: "tempo",
    current: { colour: spec.colour ?? "blue", period: spec.period ?? "hp", source: "PTEC" },
    tomorrow: { colour: spec.tomorrow ?? "unknown", source: "DEMAIN" },
    indexesWh: {},
    currentsA: [Math.round((spec.powerVA ?? 1000) / 230)],
    apparentPowerVA: spec.powerVA ?? 1000,
    subscribedPowerVA: spec.subscribedVA ?? 9000,
    overload: { active: spec.overload === true, sources: spec.overload ? ["ADPS"] : [] },
    warnings: spec.warnings ?? [],
    shortFrame: false,
    counters: { frames: 1, groupsOk: 10, groupsBad: 0, parityErrors: 0, framesAborted: 0 },
  };
  if (spec.meterTime !== undefined) r.meterTime = spec.meterTime;
  return r;
}
