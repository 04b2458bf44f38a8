// Builds the normalised TicReading of one frame from its good groups (historic or standard).
// Never sees a bad group and never invents a value: what the frame lacks stays undefined, never 0.
import { decodeStge, parseStge } from "./stge";
import {
  contractFromNgtf,
  contractFromOptarif,
  historicCurrentPeriod,
  historicTomorrow,
  standardCurrentPeriod,
  standardTomorrow,
} from "./tariff-sources";
import type { Contract, OverloadSource, TicCounters, TicMode, TicReading } from "./types";

/** The good groups of one frame, by label (the last one wins if a label repeats). */
export interface FrameGroups {
  get(label: string): string | undefined;
  has(label: string): boolean;
  horodate(label: string): string | undefined;
}

/** Subscribed current (ISOUSC, A) to VA, as the meter defines it: kVA × 1000 / 200. */
export const ISOUSC_VA_PER_A = 200;

const HISTORIC_INDEX_LABELS = Object.freeze(["BASE", "HCHC", "HCHP", "EJPHN", "EJPHPM", "BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"]);
const STANDARD_INDEX_LABELS = Object.freeze([
  "EAST", "EASF01", "EASF02", "EASF03", "EASF04", "EASF05", "EASF06", "EASF07", "EASF08", "EASF09", "EASF10",
  "EASD01", "EASD02", "EASD03", "EASD04", "EAIT",
]);
const ADIR_LABELS = Object.freeze(["ADIR1", "ADIR2", "ADIR3"] as const);
/**
 * Groups only a three-phase meter sends (DOMAIN §1), and only a single-phase one: any one says how many phases, so a
 * frame that lost a few of them still knows (one frame without IINST1/IMAX1 once turned 18 kVA into 6 kVA).
 * A single-phase Linky in standard mode sends no group of its own: its frames leave the phase count unknown.
 */
const HISTORIC_THREE_PHASE_LABELS = Object.freeze(["IINST1", "IINST2", "IINST3", "IMAX1", "IMAX2", "IMAX3", "ADIR1", "ADIR2", "ADIR3", "PMAX", "PPOT"]);
const HISTORIC_SINGLE_PHASE_LABELS = Object.freeze(["IINST", "IMAX", "ADPS"]);
const STANDARD_THREE_PHASE_LABELS = Object.freeze([
  "IRMS2", "IRMS3", "URMS2", "URMS3", "SINSTS1", "SINSTS2", "SINSTS3", "SMAXSN1", "SMAXSN2", "SMAXSN3",
  "SMAXSN1-1", "SMAXSN2-1", "SMAXSN3-1", "UMOY2", "UMOY3",
]);
const NO_LABELS: readonly string[] = Object.freeze([]);

/** 3 or 1 when the frame carries a group only such a meter sends; undefined when it carries none, or both kinds. */
function phasesOf(frame: FrameGroups, threePhase: readonly string[], singlePhase: readonly string[]): 1 | 3 | undefined {
  const three = hasAny(frame, threePhase);
  return three === hasAny(frame, singlePhase) ? undefined : three ? 3 : 1;
}

function hasAny(frame: FrameGroups, labels: readonly string[]): boolean {
  for (let i = 0; i < labels.length; i++) if (frame.has(labels[i])) return true;
  return false;
}

function num(frame: FrameGroups, label: string): number | undefined {
  const text = frame.get(label);
  return text === undefined ? undefined : Number(text);
}

function indexes(frame: FrameGroups, labels: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const label of labels) {
    const value = num(frame, label);
    if (value !== undefined) out[label] = value;
  }
  return out;
}

function present(values: (number | undefined)[]): number[] {
  const out: number[] = [];
  for (const v of values) if (v !== undefined) out.push(v);
  return out;
}

export function buildHistoricReading(frame: FrameGroups, counters: TicCounters): TicReading {
  const optarif = frame.get("OPTARIF");
  const isouscA = num(frame, "ISOUSC");
  const single = num(frame, "IINST");
  const phases = phasesOf(frame, HISTORIC_THREE_PHASE_LABELS, HISTORIC_SINGLE_PHASE_LABELS);
  const currentsA = single !== undefined ? [single] : present([num(frame, "IINST1"), num(frame, "IINST2"), num(frame, "IINST3")]);

  const sources: OverloadSource[] = [];
  if (frame.has("ADPS")) sources.push("ADPS");
  for (const label of ADIR_LABELS) if (frame.has(label)) sources.push(label);
  if (isouscA !== undefined && currentsA.some((a) => a > isouscA)) sources.push("IINST>ISOUSC");

  const reading: TicReading = {
    mode: "historic",
    contract: contractFromOptarif(optarif),
    current: historicCurrentPeriod(frame.get("PTEC")),
    tomorrow: historicTomorrow(frame.get("DEMAIN")),
    indexesWh: indexes(frame, HISTORIC_INDEX_LABELS),
    currentsA,
    overload: { active: sources.length > 0, sources },
    warnings: [],
    shortFrame: sources.some((s) => s.startsWith("ADIR")) && !frame.has("PTEC"),
    counters: { ...counters },
  };
  const meterId = frame.get("ADCO");
  if (meterId !== undefined) reading.meterId = meterId;
  if (optarif !== undefined) reading.contractLabel = optarif;
  const papp = num(frame, "PAPP");
  if (papp !== undefined) reading.apparentPowerVA = papp;
  // Three-phase meters give ISOUSC per phase: without the phase count the subscribed power is unknown, not a guess.
  if (phases !== undefined) reading.phases = phases;
  if (isouscA !== undefined && phases !== undefined) reading.subscribedPowerVA = isouscA * ISOUSC_VA_PER_A * phases;
  return reading;
}

/** Tempo and EJP keep their contract even when the home also injects: their colours drive the shedding. */
function standardContract(tariffContract: Contract, producer: boolean): Contract {
  if (!producer) return tariffContract;
  return tariffContract === "tempo" || tariffContract === "ejp" ? tariffContract : "producer";
}

export function buildStandardReading(frame: FrameGroups, counters: TicCounters): TicReading {
  const ngtf = frame.get("NGTF");
  const stgeText = frame.get("STGE");
  const stgeRaw = stgeText === undefined ? undefined : parseStge(stgeText);
  const stge = stgeRaw === undefined ? undefined : decodeStge(stgeRaw);
  // STGE carries day colours only under a Tempo contract: if this frame lost its NGTF group, that still says Tempo.
  const ngtfContract = contractFromNgtf(ngtf);
  const tariffContract = ngtfContract === "unknown" && stge !== undefined && stge.todayColour !== "none" ? "tempo" : ngtfContract;
  const injectedVA = num(frame, "SINSTI");
  const injectedWh = num(frame, "EAIT");
  const producer = (stge?.producer ?? false) || (injectedVA ?? 0) > 0 || (injectedWh ?? 0) > 0;
  const { current, warnings } = standardCurrentPeriod({ tariffContract, ntarf: num(frame, "NTARF"), stge, ltarf: frame.get("LTARF") });

  const prefKVA = num(frame, "PREF");
  const drawnVA = num(frame, "SINSTS");
  const sources: OverloadSource[] = [];
  if (stge?.overrun) sources.push("STGE");
  if (prefKVA !== undefined && drawnVA !== undefined && drawnVA > prefKVA * 1000) sources.push("SINSTS>PREF");

  const reading: TicReading = {
    mode: "standard",
    contract: standardContract(tariffContract, producer),
    current,
    tomorrow: tariffContract === "tempo" ? standardTomorrow(stge) : { colour: "unknown", source: "none" },
    indexesWh: indexes(frame, STANDARD_INDEX_LABELS),
    currentsA: present([num(frame, "IRMS1"), num(frame, "IRMS2"), num(frame, "IRMS3")]),
    overload: { active: sources.length > 0, sources },
    warnings,
    shortFrame: false,
    producer,
    counters: { ...counters },
  };
  const meterId = frame.get("ADSC");
  if (meterId !== undefined) reading.meterId = meterId;
  if (ngtf !== undefined) reading.contractLabel = ngtf;
  if (drawnVA !== undefined) reading.apparentPowerVA = drawnVA;
  if (injectedVA !== undefined) reading.injectedPowerVA = injectedVA;
  if (prefKVA !== undefined) reading.subscribedPowerVA = prefKVA * 1000;
  const phases = phasesOf(frame, STANDARD_THREE_PHASE_LABELS, NO_LABELS);
  if (phases !== undefined) reading.phases = phases;
  const pcoupKVA = num(frame, "PCOUP");
  if (pcoupKVA !== undefined) reading.cutOffPowerVA = pcoupKVA * 1000;
  if (stge) reading.stge = stge;
  const meterTime = frame.horodate("DATE");
  if (meterTime !== undefined) reading.meterTime = meterTime;
  return reading;
}

export function buildReading(mode: TicMode, frame: FrameGroups, counters: TicCounters): TicReading {
  return mode === "historic" ? buildHistoricReading(frame, counters) : buildStandardReading(frame, counters);
}
