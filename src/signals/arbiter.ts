// Weighs the meter's colours against the online sources' for today and tomorrow: one colour per Tempo day with its
// provenance and a confidence, and every disagreement said. Pure; never drops a source's word without saying why.

import type { TempoColour } from "../tic/types";
import type { ColourOrUnknown } from "../tariff/tariff-tracker";
import { calendarDoubts, type LocalDate } from "../tariff/tempo-calendar";

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
 * often shows `----` or a stale colour until the evening, while RTE's 10:30 publication is firm).
 */
export function weighDay(
  date: LocalDate,
  meter: { colour: ColourOrUnknown; source: string },
  online: readonly OnlineColour[],
  meterWins: boolean,
): DayVerdict {
  // Candidates that break a calendar rule (red on a Sunday, white on a Sunday, red in summer) are suspect.
  const sorted = online.slice().sort((a, b) => rank(a.source) - rank(b.source));
  const plausible = sorted.filter((o) => calendarDoubts(o.colour, date).length === 0);
  const meterKnown = meter.colour !== "unknown";
  const meterDoubts = meterKnown ? calendarDoubts(meter.colour as TempoColour, date) : [];
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
    const doubts = calendarDoubts(o.colour, date);
    const why = doubts.length > 0 ? `suspect: ${doubts.join(", ")}` : provenance.startsWith("meter") ? "the meter bills" : "a source ahead of it wins";
    disagreements.push(`${o.source} says ${o.colour}: ${why}`);
  }
  return { colour, provenance, confidence: confidenceOf(colour, provenance, disagreements, date, meterKnown, online), disagreements };
}

function confidenceOf(
  colour: ColourOrUnknown,
  provenance: string,
  disagreements: readonly string[],
  date: LocalDate,
  meterKnown: boolean,
  online: readonly OnlineColour[],
): Confidence {
  if (colour === "unknown") return "none";
  if (calendarDoubts(colour, date).length > 0) return "low";
  if (disagreements.length > 0) return "medium";
  const voices = (meterKnown ? 1 : 0) + online.filter((o) => o.colour === colour).length;
  return voices >= 2 || provenance.startsWith("meter") ? "high" : "medium";
}
