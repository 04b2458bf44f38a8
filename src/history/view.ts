// The history rings as the API shows them: 24 h of 5-minute slots, the last 8 days, the last 200 decisions.
// Pure; names codes back to words a script reads (colour, period, reasons), never renders text for people.

import { civilFromDays } from "../tariff/local-time";
import type { EnergyMonitor } from "../energy/monitor";
import { dayKeyAt } from "../energy/accounts";
import { DAY_STRIP_BYTES } from "./day-strip";
import { DECISION_CAPACITY, DECISION_LOG_BYTES } from "./decision-log";
import { POWER_HISTORY_BYTES, POWER_SLOT_MS, SHED_BITS } from "./power-history";

export const COLOUR_NAMES: readonly string[] = Object.freeze(["unknown", "blue", "white", "red"]);

export function tariffOfCode(code: number): { colour: string; period: "hp" | "hc" } {
  return { colour: COLOUR_NAMES[code >> 1] ?? "unknown", period: (code & 1) === 1 ? "hp" : "hc" };
}

export function shedReasonsOf(mask: number): string[] {
  const out: string[] = [];
  for (const reason of Object.keys(SHED_BITS)) if ((mask & (SHED_BITS as Readonly<Record<string, number>>)[reason]) !== 0) out.push(reason);
  return out;
}

function isoDate(dayKey: number): string {
  const d = civilFromDays(dayKey);
  return `${d.year}-${d.month < 10 ? "0" : ""}${d.month}-${d.day < 10 ? "0" : ""}${d.day}`;
}

export function historyView(monitor: EnergyMonitor, nowMs: number): Record<string, unknown> {
  return {
    slotMs: POWER_SLOT_MS,
    power: monitor.power.slots(nowMs).map((s) => ({ startMs: s.startMs, maxVA: s.maxVA, meanVA: s.meanVA, limitVA: s.limitVA, shed: shedReasonsOf(s.shedMask), ...tariffOfCode(s.tariff) })),
    days: monitor.days.days(dayKeyAt(nowMs)).map((d) => ({ date: isoDate(d.dayKey), colour: COLOUR_NAMES[d.colour], shed: d.shed })),
    decisions: monitor.decisions.entries().map((e) => ({ atMs: e.atMs, loadId: e.loadId, level: e.level, reason: e.reason, powerVA: e.powerVA, limitVA: e.limitVA, ...tariffOfCode(e.tariff) })),
    /** The rings' fixed sizes (what they hold whatever the uptime). */
    bytes: { power: POWER_HISTORY_BYTES, decisions: DECISION_LOG_BYTES, days: DAY_STRIP_BYTES },
    decisionCapacity: DECISION_CAPACITY,
  };
}
