// Builds the normalised TicReading of one frame from its good groups (historic or standard).
// Never sees a bad group and never invents a value: what the frame lacks stays undefined, never 0.
import type { FrameGroups } from "./frame-groups";
import { findLabel, TIC_LABELS } from "./labels";
import { decodeStge } from "./stge";
import {
  contractFromNgtf,
  contractFromOptarif,
  historicCurrentPeriod,
  historicTomorrow,
  standardCurrentPeriod,
  standardTomorrow,
} from "./tariff-sources";
import type { Contract, OverloadSource, StgeFields, TariffReading, TicCounters, TicMode, TicReading } from "./types";

/** Subscribed current (ISOUSC, A) to VA, as the meter defines it: kVA × 1000 / 200. */
export const ISOUSC_VA_PER_A = 200;

const HISTORIC_INDEX_LABELS = Object.freeze(["BASE", "HCHC", "HCHP", "EJPHN", "EJPHPM", "BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"]);
const STANDARD_INDEX_LABELS = Object.freeze([
  "EAST", "EASF01", "EASF02", "EASF03", "EASF04", "EASF05", "EASF06", "EASF07", "EASF08", "EASF09", "EASF10",
  "EASD01", "EASD02", "EASD03", "EASD04", "EAIT",
]);

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

/** The ids of labels, for presence tests by id (the frame keeps presence for every label, values only for some). */
function idList(mode: TicMode, names: readonly string[]): readonly number[] {
  const out: number[] = [];
  for (let i = 0; i < names.length; i++) out.push(findLabel(mode, names[i])!.id);
  return Object.freeze(out);
}
const HISTORIC_THREE_PHASE_IDS = idList("historic", HISTORIC_THREE_PHASE_LABELS);
const HISTORIC_SINGLE_PHASE_IDS = idList("historic", HISTORIC_SINGLE_PHASE_LABELS);
const STANDARD_THREE_PHASE_IDS = idList("standard", STANDARD_THREE_PHASE_LABELS);
const NO_IDS: readonly number[] = Object.freeze([]);

/** 3 or 1 when the frame carries a group only such a meter sends; undefined when it carries none, or both kinds. */
function phasesOf(frame: FrameGroups, threePhase: readonly number[], singlePhase: readonly number[]): 1 | 3 | undefined {
  const three = hasAny(frame, threePhase);
  return three === hasAny(frame, singlePhase) ? undefined : three ? 3 : 1;
}

function hasAny(frame: FrameGroups, ids: readonly number[]): boolean {
  for (let i = 0; i < ids.length; i++) if (frame.has(ids[i])) return true;
  return false;
}

/** Label ids by name for one mode: the frame is read by id (an indexed read, where a name costs a lookup). */
function ids<const N extends string>(mode: TicMode, names: readonly N[]): Readonly<Record<N, number>> {
  const out = {} as Record<N, number>;
  for (const name of names) out[name] = findLabel(mode, name)!.id;
  return Object.freeze(out);
}
/** The labels a reading reads besides its indexes (presence only for ADPS, ADIRn). */
const H = ids("historic", ["ADCO", "OPTARIF", "ISOUSC", "PTEC", "DEMAIN", "IINST", "IINST1", "IINST2", "IINST3", "PAPP", "ADPS", "ADIR1", "ADIR2", "ADIR3"]);
const S = ids("standard", ["ADSC", "NGTF", "LTARF", "DATE", "STGE", "SINSTS", "SINSTI", "EAIT", "NTARF", "PREF", "PCOUP", "IRMS1", "IRMS2", "IRMS3"]);
const PRESENCE_ONLY = Object.freeze(["ADPS", "ADIR1", "ADIR2", "ADIR3"]);

/** Every label whose data a reading reads (besides presence): the frame keeps these, and only these, as values. */
export const READING_LABELS: readonly string[] = Object.freeze([
  ...HISTORIC_INDEX_LABELS,
  ...Object.keys(H).filter((name) => !PRESENCE_ONLY.includes(name)),
  ...STANDARD_INDEX_LABELS,
  ...Object.keys(S),
]);

/** An enum label's value as the table's own string (no allocation), or undefined when absent. */
function enumText(frame: FrameGroups, id: number): string | undefined {
  const position = frame.num(id);
  return position === undefined ? undefined : TIC_LABELS[id].values![position];
}

/**
 * The last few results of a function of up to four inputs, compared with ===: a meter that goes back and forth
 * between a few states (colours, periods, status registers) allocates nothing once it has shown each. Fixed size;
 * the oldest result makes room.
 */
class Recent<T> {
  private readonly keys: unknown[] = [];
  private readonly results: (T | undefined)[] = [];
  private next = 0;
  private hit = 0;

  constructor(private readonly capacity: number) {
    for (let i = 0; i < capacity; i++) {
      this.keys.push(undefined, undefined, undefined, undefined);
      this.results.push(undefined);
    }
  }

  get(a: unknown, b: unknown, c: unknown, d: unknown): T | undefined {
    const keys = this.keys;
    // The entry found last time first: a steady meter asks for the same one frame after frame.
    let k = 4 * this.hit;
    if (keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d && this.results[this.hit] !== undefined) return this.results[this.hit];
    for (let i = 0; i < this.capacity; i++) {
      k = 4 * i;
      if (keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d && this.results[i] !== undefined) {
        this.hit = i;
        return this.results[i];
      }
    }
    return undefined;
  }

  put(a: unknown, b: unknown, c: unknown, d: unknown, result: T): T {
    const k = 4 * this.next;
    this.keys[k] = a;
    this.keys[k + 1] = b;
    this.keys[k + 2] = c;
    this.keys[k + 3] = d;
    this.results[this.next] = result;
    this.hit = this.next;
    this.next = (this.next + 1) % this.capacity;
    return result;
  }
}

/** States a meter goes back and forth between (tariff texts, colours, periods, registers): four is a day's worth. */
const RECENT_STATES = 4;

/** indexesWh: the index labels present in the frame with their values; the same object while none changes. */
class IndexesMemo {
  private readonly ids: Uint8Array;
  /** The values last given, -1 for an absent label (none before the first frame). */
  private readonly values: Float64Array;
  private last: Record<string, number> | undefined;

  constructor(
    mode: TicMode,
    private readonly names: readonly string[],
  ) {
    this.ids = Uint8Array.from(names, (name) => findLabel(mode, name)!.id);
    this.values = new Float64Array(names.length).fill(-1);
  }

  of(frame: FrameGroups): Record<string, number> {
    if (!frame.takeValues(this.ids, this.values) && this.last !== undefined) return this.last;
    const out: Record<string, number> = {};
    for (let k = 0; k < this.names.length; k++) if (this.values[k] >= 0) out[this.names[k]] = this.values[k];
    this.last = out;
    return out;
  }
}

/** currentsA: the values given, absent ones left out; the same array while they repeat. */
class CurrentsMemo {
  private readonly values = new Float64Array(3);
  private count = -1;
  private last: number[] = [];

  of(a: number | undefined, b: number | undefined, c: number | undefined): number[] {
    const count = (a === undefined ? 0 : 1) + (b === undefined ? 0 : 1) + (c === undefined ? 0 : 1);
    let k = 0;
    let same = count === this.count;
    if (a !== undefined) same = same && this.values[k++] === a;
    if (b !== undefined) same = same && this.values[k++] === b;
    if (c !== undefined) same = same && this.values[k++] === c;
    if (!same) {
      const out: number[] = [];
      if (a !== undefined) out.push(a);
      if (b !== undefined) out.push(b);
      if (c !== undefined) out.push(c);
      for (let i = 0; i < count; i++) this.values[i] = out[i];
      this.count = count;
      this.last = out;
    }
    return this.last;
  }
}

/** Overload sources in the order a reading lists them (historic ones, then standard ones), one bit each. */
const SOURCE_ORDER: readonly OverloadSource[] = Object.freeze(["ADPS", "ADIR1", "ADIR2", "ADIR3", "IINST>ISOUSC", "STGE", "SINSTS>PREF"]);
const SOURCE_BIT: Readonly<Record<OverloadSource, number>> = Object.freeze({
  ADPS: 1, ADIR1: 2, ADIR2: 4, ADIR3: 8, "IINST>ISOUSC": 16, STGE: 32, "SINSTS>PREF": 64,
});
const ADIR_BITS = SOURCE_BIT.ADIR1 | SOURCE_BIT.ADIR2 | SOURCE_BIT.ADIR3;

/** overload from a mask of SOURCE_BIT; the same object while the mask repeats. */
class OverloadMemo {
  private readonly recent = new Recent<TicReading["overload"]>(RECENT_STATES);

  of(mask: number): TicReading["overload"] {
    const known = this.recent.get(mask, 0, 0, 0);
    if (known !== undefined) return known;
    const sources: OverloadSource[] = [];
    for (let i = 0; i < SOURCE_ORDER.length; i++) if ((mask & SOURCE_BIT[SOURCE_ORDER[i]]) !== 0) sources.push(SOURCE_ORDER[i]);
    return this.recent.put(mask, 0, 0, 0, { active: sources.length > 0, sources });
  }
}

/** Builds readings for one decoder, sharing what is unchanged with the previous reading of the same mode. */
export class ReadingBuilder {
  private readonly historicIndexes = new IndexesMemo("historic", HISTORIC_INDEX_LABELS);
  private readonly standardIndexes = new IndexesMemo("standard", STANDARD_INDEX_LABELS);
  private readonly currents = new CurrentsMemo();
  private readonly overload = new OverloadMemo();
  /** What the tariff inputs gave, by those inputs (texts and registers repeat as the same strings and objects). */
  private readonly optarifContract = new Recent<Contract>(RECENT_STATES);
  private readonly ptecPeriod = new Recent<TariffReading>(RECENT_STATES);
  private readonly demainTomorrow = new Recent<TicReading["tomorrow"]>(RECENT_STATES);
  private readonly ngtfContract = new Recent<Contract>(RECENT_STATES);
  private readonly stges = new Recent<StgeFields>(RECENT_STATES);
  private readonly tariffs = new Recent<{ current: TariffReading; warnings: string[] }>(RECENT_STATES);
  private readonly tomorrows = new Recent<TicReading["tomorrow"]>(RECENT_STATES);

  build(mode: TicMode, frame: FrameGroups, counters: TicCounters): TicReading {
    return mode === "historic" ? this.historic(frame, counters) : this.standard(frame, counters);
  }

  private historic(frame: FrameGroups, counters: TicCounters): TicReading {
    const optarif = enumText(frame, H.OPTARIF);
    const isouscA = frame.num(H.ISOUSC);
    const single = frame.num(H.IINST);
    const phases = phasesOf(frame, HISTORIC_THREE_PHASE_IDS, HISTORIC_SINGLE_PHASE_IDS);
    const currentsA = single !== undefined ? this.currents.of(single, undefined, undefined) : this.currents.of(frame.num(H.IINST1), frame.num(H.IINST2), frame.num(H.IINST3));

    let sources = 0;
    if (frame.has(H.ADPS)) sources |= SOURCE_BIT.ADPS;
    if (frame.has(H.ADIR1)) sources |= SOURCE_BIT.ADIR1;
    if (frame.has(H.ADIR2)) sources |= SOURCE_BIT.ADIR2;
    if (frame.has(H.ADIR3)) sources |= SOURCE_BIT.ADIR3;
    for (let i = 0; i < currentsA.length; i++) if (isouscA !== undefined && currentsA[i] > isouscA) sources |= SOURCE_BIT["IINST>ISOUSC"];

    const ptec = enumText(frame, H.PTEC);
    const demain = enumText(frame, H.DEMAIN);
    // The counters as they stand: the reading keeps them, the decoder's go on counting.
    const reading: TicReading = {
      mode: "historic",
      contract: this.optarifContract.get(optarif, 0, 0, 0) ?? this.optarifContract.put(optarif, 0, 0, 0, contractFromOptarif(optarif)),
      current: this.ptecPeriod.get(ptec, 0, 0, 0) ?? this.ptecPeriod.put(ptec, 0, 0, 0, historicCurrentPeriod(ptec)),
      tomorrow: this.demainTomorrow.get(demain, 0, 0, 0) ?? this.demainTomorrow.put(demain, 0, 0, 0, historicTomorrow(demain)),
      indexesWh: this.historicIndexes.of(frame),
      currentsA,
      overload: this.overload.of(sources),
      warnings: NO_WARNINGS,
      shortFrame: (sources & ADIR_BITS) !== 0 && ptec === undefined,
      counters: { frames: counters.frames, groupsOk: counters.groupsOk, groupsBad: counters.groupsBad, parityErrors: counters.parityErrors, framesAborted: counters.framesAborted },
    };
    const meterId = frame.text(H.ADCO);
    if (meterId !== undefined) reading.meterId = meterId;
    if (optarif !== undefined) reading.contractLabel = optarif;
    const papp = frame.num(H.PAPP);
    if (papp !== undefined) reading.apparentPowerVA = papp;
    // Three-phase meters give ISOUSC per phase: without the phase count the subscribed power is unknown, not a guess.
    if (phases !== undefined) reading.phases = phases;
    if (isouscA !== undefined && phases !== undefined) reading.subscribedPowerVA = isouscA * ISOUSC_VA_PER_A * phases;
    return reading;
  }

  private standard(frame: FrameGroups, counters: TicCounters): TicReading {
    const ngtf = frame.text(S.NGTF);
    const stge = this.stgeOf(frame.num(S.STGE));
    // STGE carries day colours only under a Tempo contract: if this frame lost its NGTF group, that still says Tempo.
    const ngtfContract = this.ngtfContract.get(ngtf, 0, 0, 0) ?? this.ngtfContract.put(ngtf, 0, 0, 0, contractFromNgtf(ngtf));
    const tariffContract = ngtfContract === "unknown" && stge !== undefined && stge.todayColour !== "none" ? "tempo" : ngtfContract;
    const injectedVA = frame.num(S.SINSTI);
    const injectedWh = frame.num(S.EAIT);
    const producer = (stge?.producer ?? false) || (injectedVA ?? 0) > 0 || (injectedWh ?? 0) > 0;
    const { current, warnings } = this.standardTariff(tariffContract, frame.num(S.NTARF), stge, frame.text(S.LTARF));

    const prefKVA = frame.num(S.PREF);
    const drawnVA = frame.num(S.SINSTS);
    let sources = 0;
    if (stge?.overrun) sources |= SOURCE_BIT.STGE;
    if (prefKVA !== undefined && drawnVA !== undefined && drawnVA > prefKVA * 1000) sources |= SOURCE_BIT["SINSTS>PREF"];

    // The counters as they stand: the reading keeps them, the decoder's go on counting.
    const reading: TicReading = {
      mode: "standard",
      contract: standardContract(tariffContract, producer),
      current,
      tomorrow: this.standardTomorrowOf(tariffContract === "tempo", stge),
      indexesWh: this.standardIndexes.of(frame),
      currentsA: this.currents.of(frame.num(S.IRMS1), frame.num(S.IRMS2), frame.num(S.IRMS3)),
      overload: this.overload.of(sources),
      warnings,
      shortFrame: false,
      producer,
      counters: { frames: counters.frames, groupsOk: counters.groupsOk, groupsBad: counters.groupsBad, parityErrors: counters.parityErrors, framesAborted: counters.framesAborted },
    };
    const meterId = frame.text(S.ADSC);
    if (meterId !== undefined) reading.meterId = meterId;
    if (ngtf !== undefined) reading.contractLabel = ngtf;
    if (drawnVA !== undefined) reading.apparentPowerVA = drawnVA;
    if (injectedVA !== undefined) reading.injectedPowerVA = injectedVA;
    if (prefKVA !== undefined) reading.subscribedPowerVA = prefKVA * 1000;
    const phases = phasesOf(frame, STANDARD_THREE_PHASE_IDS, NO_IDS);
    if (phases !== undefined) reading.phases = phases;
    const pcoupKVA = frame.num(S.PCOUP);
    if (pcoupKVA !== undefined) reading.cutOffPowerVA = pcoupKVA * 1000;
    if (stge) reading.stge = stge;
    const meterTime = frame.horodate(S.DATE);
    if (meterTime !== undefined) reading.meterTime = meterTime;
    return reading;
  }

  /** The decoded STGE register; the same object while the register repeats. */
  private stgeOf(raw: number | undefined): StgeFields | undefined {
    if (raw === undefined) return undefined;
    return this.stges.get(raw, 0, 0, 0) ?? this.stges.put(raw, 0, 0, 0, decodeStge(raw));
  }

  private standardTariff(tariffContract: Contract, ntarf: number | undefined, stge: StgeFields | undefined, ltarf: string | undefined): { current: TariffReading; warnings: string[] } {
    return this.tariffs.get(tariffContract, ntarf, stge, ltarf) ?? this.tariffs.put(tariffContract, ntarf, stge, ltarf, standardCurrentPeriod({ tariffContract, ntarf, stge, ltarf }));
  }

  private standardTomorrowOf(tempo: boolean, stge: StgeFields | undefined): TicReading["tomorrow"] {
    return this.tomorrows.get(tempo, stge, 0, 0) ?? this.tomorrows.put(tempo, stge, 0, 0, tempo ? standardTomorrow(stge) : { colour: "unknown", source: "none" });
  }
}

/** A historic reading's warnings: none (a frozen array, shared by every historic reading). */
const NO_WARNINGS: string[] = Object.freeze([] as string[]) as string[];

/** Tempo and EJP keep their contract even when the home also injects: their colours drive the shedding. */
function standardContract(tariffContract: Contract, producer: boolean): Contract {
  if (!producer) return tariffContract;
  return tariffContract === "tempo" || tariffContract === "ejp" ? tariffContract : "producer";
}
