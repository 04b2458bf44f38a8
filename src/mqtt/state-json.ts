// The JSON state topic for scripts: the box's whole state in one retained message.
// Pure: built from the snapshot and the last frame; numbers unknown to the meter are null, never 0.

import type { EntitySource } from "./entities";
import { jsonText } from "../../lib/json";

export function stateJson(source: EntitySource, overrideMinutes: Readonly<Record<string, number>>): string {
  const { snapshot: s, reading: r } = source;
  return jsonText({
    mode: s.mode,
    heatUntilMs: s.heatUntilMs,
    tariff: { today: s.tariff.colour, tomorrow: s.tariff.tomorrow, period: s.tariff.period.toUpperCase(), source: s.tariff.source },
    meter: {
      status: s.meter.status,
      powerVA: r?.apparentPowerVA ?? null,
      injectedVA: r?.injectedPowerVA ?? null,
      currentsA: r ? r.currentsA : [],
      subscribedVA: r?.subscribedPowerVA ?? null,
      cutOffVA: r?.cutOffPowerVA ?? null,
      indexesWh: r ? r.indexesWh : {},
    },
    overload: s.overload.active,
    // The Internet sources' verdicts with provenance, confidence and disagreements (src/signals), null until heard.
    signals: { today: s.signals.today, tomorrow: s.signals.tomorrow },
    loads: s.loads.map((l) => ({
      id: l.id,
      name: l.name,
      on: l.on,
      level: l.level,
      reason: l.reason,
      override: l.override,
      overrideUntilMs: l.overrideUntilMs ?? null,
      overrideMinutes: overrideMinutes[l.id] ?? 0,
      priority: l.priority,
      allocatedW: l.allocatedW,
    })),
    // Water heaters and probed heat pumps (src/manager): temperature (null: no probe or it failed), boost, legionella.
    tanks: s.manager.tanks.map((t) => ({ id: t.id, temperatureC: t.temperatureC, boostUntilMs: t.boostUntilMs, legionellaRunning: t.legionellaRunning, legionellaDoneMs: t.legionellaDoneMs, want: t.want })),
  });
}
