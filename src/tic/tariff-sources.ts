// What the meter says about the tariff: contract, current period and tomorrow's colour, each with its source.
// Never hides a disagreement: when NTARF, STGE and LTARF differ the best source wins and the others become warnings.
import type { Contract, PeriodKind, StgeFields, TariffReading, TariffSource, TempoColour } from "./types";

type Period = { colour: TempoColour | "none"; period: PeriodKind };

/**
 * Historic PTEC, one line per value. HN (EJP normal hours) has no peak/off-peak split; PM is the EJP peak.
 * Entries here and in the index tables below are frozen too: xsl keeps a preloaded table in flash only then.
 */
export const PTEC_PERIODS: Readonly<Record<string, Period>> = Object.freeze({
  "TH..": Object.freeze({ colour: "none", period: "none" }),
  "HC..": Object.freeze({ colour: "none", period: "hc" }),
  "HP..": Object.freeze({ colour: "none", period: "hp" }),
  "HN..": Object.freeze({ colour: "none", period: "none" }),
  "PM..": Object.freeze({ colour: "none", period: "hp" }),
  HCJB: Object.freeze({ colour: "blue", period: "hc" }),
  HPJB: Object.freeze({ colour: "blue", period: "hp" }),
  HCJW: Object.freeze({ colour: "white", period: "hc" }),
  HPJW: Object.freeze({ colour: "white", period: "hp" }),
  HCJR: Object.freeze({ colour: "red", period: "hc" }),
  HPJR: Object.freeze({ colour: "red", period: "hp" }),
});

/** Historic DEMAIN; `----` means not announced (the meter may show it even for a blue day). */
export const DEMAIN_COLOURS: Readonly<Record<string, TempoColour | "unknown">> = Object.freeze({
  "----": "unknown",
  BLEU: "blue",
  BLAN: "white",
  ROUG: "red",
});

/** Tempo supplier indexes (NTARF, STGE bits 10–13 + 1), 1-based; index 0 unused. */
export const TEMPO_SUPPLIER_INDEXES: readonly Period[] = Object.freeze([
  Object.freeze({ colour: "none", period: "none" }),
  Object.freeze({ colour: "blue", period: "hc" }),
  Object.freeze({ colour: "blue", period: "hp" }),
  Object.freeze({ colour: "white", period: "hc" }),
  Object.freeze({ colour: "white", period: "hp" }),
  Object.freeze({ colour: "red", period: "hc" }),
  Object.freeze({ colour: "red", period: "hp" }),
]);

/** HP/HC grid of the regulated offer: index 1 off-peak, index 2 peak. */
export const HCHP_SUPPLIER_INDEXES: readonly Period[] = Object.freeze([
  Object.freeze({ colour: "none", period: "none" }),
  Object.freeze({ colour: "none", period: "hc" }),
  Object.freeze({ colour: "none", period: "hp" }),
]);

export function contractFromOptarif(optarif: string | undefined): Contract {
  if (optarif === undefined) return "unknown";
  if (optarif === "BASE") return "base";
  if (optarif === "HC..") return "hc-hp";
  if (optarif === "EJP.") return "ejp";
  if (optarif.startsWith("BBR")) return "tempo";
  return "unknown";
}

/** NGTF is free text (`     TEMPO      `, `H PLEINE/CREUSE `): match on words, not on exact strings. */
export function contractFromNgtf(ngtf: string | undefined): Contract {
  if (ngtf === undefined) return "unknown";
  const text = ngtf.toUpperCase();
  if (text.includes("TEMPO")) return "tempo";
  if (text.includes("EJP")) return "ejp";
  if (text.includes("BASE")) return "base";
  if (text.includes("HC") || text.includes("CREUSE") || text.includes("PLEINE")) return "hc-hp";
  return "unknown";
}

/** Free-text LTARF (`    HP  BLEU    `, ` HEURE  PLEINE  `): only a last resort, and a witness for warnings. */
export function periodFromLtarf(ltarf: string | undefined): Period | undefined {
  if (ltarf === undefined) return undefined;
  const text = ` ${ltarf.toUpperCase()} `;
  const period: PeriodKind = / HP |PLEINE|POINTE/.test(text) ? "hp" : / HC |CREUSE/.test(text) ? "hc" : "none";
  const colour: TempoColour | "none" = text.includes("BLEU") ? "blue" : text.includes("BLANC") ? "white" : text.includes("ROUGE") ? "red" : "none";
  if (period === "none" && colour === "none") return undefined;
  return { colour, period };
}

function periodFromIndex(contract: Contract, index: number | undefined): Period | undefined {
  if (index === undefined || !Number.isInteger(index)) return undefined;
  if (contract === "tempo") return TEMPO_SUPPLIER_INDEXES[index] && index >= 1 ? TEMPO_SUPPLIER_INDEXES[index] : undefined;
  if (contract === "hc-hp" || contract === "producer") return index >= 1 && index <= 2 ? HCHP_SUPPLIER_INDEXES[index] : undefined;
  if (contract === "base") return { colour: "none", period: "none" };
  return undefined;
}

function describe(p: Period): string {
  return p.colour === "none" ? p.period : `${p.period} ${p.colour}`;
}

function reading(p: Period, source: TariffSource): TariffReading {
  return { colour: p.colour, period: p.period, source };
}

export interface StandardTariffInput {
  /** The tariff grid that NTARF refers to (tempo / hc-hp / base), before any producer override. */
  tariffContract: Contract;
  ntarf?: number;
  stge?: StgeFields;
  ltarf?: string;
}

/** Current period in standard mode: NTARF, then STGE, then LTARF; disagreements become warnings. */
export function standardCurrentPeriod(input: StandardTariffInput): { current: TariffReading; warnings: string[] } {
  const warnings: string[] = [];
  const { tariffContract, ntarf, stge, ltarf } = input;
  const fromNtarf = periodFromIndex(tariffContract, ntarf);
  let fromStge = stge ? periodFromIndex(tariffContract, stge.supplierIndex) : undefined;
  if (stge && tariffContract === "tempo" && stge.todayColour !== "none" && fromStge && fromStge.colour !== stge.todayColour) {
    // The register contradicts itself; its colour field is the one meant to carry the day's colour during HP.
    if (fromStge.period === "hp") warnings.push(`STGE supplier index says ${fromStge.colour}, STGE today says ${stge.todayColour}`);
  }
  if (!fromStge && stge && tariffContract === "tempo" && stge.todayColour !== "none") fromStge = { colour: stge.todayColour, period: "none" };
  const fromLtarf = periodFromLtarf(ltarf);

  if (ntarf !== undefined && stge && stge.supplierIndex !== ntarf) warnings.push(`STGE supplier index ${stge.supplierIndex}, NTARF ${ntarf}`);
  // Between 00:00 and 06:00 the Tempo day is still the previous one; compare the day colour during HP only.
  if (fromNtarf && stge && tariffContract === "tempo" && fromNtarf.period === "hp" && stge.todayColour !== "none" && stge.todayColour !== fromNtarf.colour) {
    warnings.push(`STGE says today is ${stge.todayColour}, NTARF says ${fromNtarf.colour}`);
  }

  const best: [Period, TariffSource] | undefined = fromNtarf ? [fromNtarf, "NTARF"] : fromStge ? [fromStge, "STGE"] : fromLtarf ? [fromLtarf, "LTARF"] : undefined;
  if (!best) return { current: { colour: "none", period: "none", source: "none" }, warnings };
  if (fromLtarf && best[1] !== "LTARF") {
    const colourClash = fromLtarf.colour !== "none" && best[0].colour !== "none" && fromLtarf.colour !== best[0].colour;
    const periodClash = fromLtarf.period !== "none" && best[0].period !== "none" && fromLtarf.period !== best[0].period;
    if (colourClash || periodClash) warnings.push(`LTARF says ${describe(fromLtarf)}, ${best[1]} says ${describe(best[0])}`);
  }
  return { current: reading(best[0], best[1]), warnings };
}

/** Current period in historic mode: PTEC is the only source. */
export function historicCurrentPeriod(ptec: string | undefined): TariffReading {
  const p = ptec === undefined ? undefined : PTEC_PERIODS[ptec];
  return p ? reading(p, "PTEC") : { colour: "none", period: "none", source: "none" };
}

export function historicTomorrow(demain: string | undefined): { colour: TempoColour | "unknown"; source: TariffSource } {
  const colour = demain === undefined ? undefined : DEMAIN_COLOURS[demain];
  return colour === undefined ? { colour: "unknown", source: "none" } : { colour, source: "DEMAIN" };
}

export function standardTomorrow(stge: StgeFields | undefined): { colour: TempoColour | "unknown"; source: TariffSource } {
  if (!stge) return { colour: "unknown", source: "none" };
  return { colour: stge.tomorrowColour === "none" ? "unknown" : stge.tomorrowColour, source: "STGE" };
}
