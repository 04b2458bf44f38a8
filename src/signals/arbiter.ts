// Weighs the meter's colours against the online sources' for today and tomorrow: one colour per Tempo day with its
// provenance and a confidence, and every disagreement said. Pure; never drops a source's word without saying why.

import type { TempoColour } from "../tic/types";
import type { ColourOrUnknown } from "../tariff/tariff-tracker";
import { calendarDoubts, seasonCountDoubts, type LocalDate, type SeasonCounts } from "../tariff/tempo-calendar";

/** An online source's colour for a Tempo day (RTE's calendar and tempoLight are firm from 10:30 on). */
export interface OnlineColour {
  source: string;
  colour: TempoColour;
}

export type Confidence = "high" | "medium" | "low" | "none";

export interface DayVerdict {
  colour: ColourOrUnknown;
  /** Where the colour came from: "meter (STGE)", "rte", "rte+community", "none". */
  provenance: string;
  confidence: Confidence;
  /** Sources that said another colour than the verdict, each with what it said and why it lost. */
  disagreements: string[];
}

/** Online sources in the order their word weighs: RTE's own calendar, RTE's open data, then the community mirror. */
export const SOURCE_ORDER: readonly string[] = Object.freeze(["rte", "tempo-light", "community"]);

function rank(source: string): number {
  const at = SOURCE_ORDER.indexOf(source);
  return at < 0 ? SOURCE_ORDER.length : at;
}

/**
 * One Tempo day. `meterWins` is true for today (the meter's period is what bills) and false for tomorrow (the meter
 * often shows `----` or a stale colour until the evening, while RTE's 10:30 publication is firm). `counts`, when
 * known, are the red and white days of this date's season settled before it: a colour that would pass the season's
 * cap is suspect like one that breaks a calendar rule (a count that is too low only misses a doubt).
 */
export function weighDay(
  date: LocalDate,
  meter: { colour: ColourOrUnknown; source: string },
  online: readonly OnlineColour[],
  meterWins: boolean,
  counts?: SeasonCounts,
): DayVerdict {
  // Candidates that break a calendar rule (red on a Sunday, white on a Sunday, red in summer) or would pass the
  // season's count (a 23rd red, a 44th white) are suspect.
  const doubtsOf = (colour: TempoColour): string[] => {
    const doubts = calendarDoubts(colour, date);
    return counts === undefined ? doubts : doubts.concat(seasonCountDoubts(colour, counts));
  };
  const sorted = online.slice().sort((a, b) => rank(a.source) - rank(b.source));
  const plausible = sorted.filter((o) => doubtsOf(o.colour).length === 0);
  const meterKnown = meter.colour !== "unknown";
  const meterDoubts = meterKnown ? doubtsOf(meter.colour as TempoColour) : [];
  let colour: ColourOrUnknown = "unknown";
  let provenance = "none";
  if (meterKnown && (meterWins || plausible.length === 0) && (meterDoubts.length === 0 || plausible.length === 0)) {
    colour = meter.colour;
    provenance = `meter (${meter.source})`;
  } else if (plausible.length > 0) {
    colour = plausible[0].colour;
    const agreeing = plausible.filter((o) => o.colour === colour).map((o) => o.source);
    provenance = agreeing.join("+");
  } else if (sorted.length > 0) {
    // Every online word breaks a rule and the meter says nothing: take the best one, flagged low.
    colour = sorted[0].colour;
    provenance = sorted[0].source;
  }
  const disagreements: string[] = [];
  if (meterKnown && meter.colour !== colour) {
    const why = meterDoubts.length > 0 ? `suspect: ${meterDoubts.join(", ")}` : "a firm online colour wins for tomorrow";
    disagreements.push(`meter (${meter.source}) says ${meter.colour}: ${why}`);
  }
  for (const o of sorted) {
    if (o.colour === colour) continue;
    const doubts = doubtsOf(o.colour);
    const why = doubts.length > 0 ? `suspect: ${doubts.join(", ")}` : provenance.startsWith("meter") ? "the meter bills" : "a source ahead of it wins";
    disagreements.push(`${o.source} says ${o.colour}: ${why}`);
  }
  const suspect = colour !== "unknown" && doubtsOf(colour).length > 0;
  return { colour, provenance, confidence: confidenceOf(colour, provenance, disagreements, suspect, meterKnown, online), disagreements };
}

function confidenceOf(
  colour: ColourOrUnknown,
  provenance: string,
  disagreements: readonly string[],
  suspect: boolean,
  meterKnown: boolean,
  online: readonly OnlineColour[],
): Confidence {
  if (colour === "unknown") return "none";
  if (suspect) return "low";
  if (disagreements.length > 0) return "medium";
  const voices = (meterKnown ? 1 : 0) + online.filter((o) => o.colour === colour).length;
  return voices >= 2 || provenance.startsWith("meter") ? "high" : "medium";
}
