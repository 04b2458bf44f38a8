// A simulated Linky: holds tariff state, power and energy indexes, and renders realistic TIC frames.
// Never reads the clock (time is `atMs` in its state) and never does IO: frame() returns bytes.
import { localParts } from "../../src/tariff/local-time";
import { encodeHistoricFrame, encodeStandardFrame, type StandardGroup } from "./tic-encoder";

export type SimColour = "blue" | "white" | "red";
export type SimContract = "tempo" | "base" | "hc-hp";

export interface SimulatedMeterOptions {
  mode: "historic" | "standard";
  contract: SimContract;
  phases: 1 | 3;
  subscribedKVA: number;
  /** 12 digits; a fixed default otherwise. */
  meterId?: string;
}

export interface SimulatedMeterState {
  colour: SimColour;
  period: "hp" | "hc";
  tomorrow: SimColour | "unknown";
  /** Apparent power drawn, VA. */
  powerVA: number;
  /** UTC ms the state refers to; energy is integrated between successive values. */
  atMs: number;
}

const HISTORIC_TEMPO_LABELS = Object.freeze(["BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"]);
const COLOUR_CODE = Object.freeze({ blue: "B", white: "W", red: "R" });
const DEMAIN_TEXT = Object.freeze({ blue: "BLEU", white: "BLAN", red: "ROUG", unknown: "----" });
const STGE_COLOUR = Object.freeze({ blue: 1, white: 2, red: 3, unknown: 0 });
const LTARF_COLOUR = Object.freeze({ blue: "BLEU", white: "BLANC", red: "ROUGE" });
const NGTF_TEXT = Object.freeze({ tempo: "TEMPO", base: "BASE", "hc-hp": "H PLEINE/CREUSE" });
const NOMINAL_VOLTAGE_V = 230;
const SHORT_FRAMES_PER_LONG = 20;

function digits(value: number, width: number): string {
  let text = String(Math.max(0, Math.floor(value)));
  if (text.length > width) text = text.slice(text.length - width);
  while (text.length < width) text = "0" + text;
  return text;
}

/** Centre a text in 16 characters, as the meter shows NGTF/LTARF (left padding rounded down). */
function centre16(text: string): string {
  const left = Math.floor((16 - text.length) / 2);
  return (" ".repeat(left) + text).padEnd(16, " ");
}

/** `SAAMMJJhhmmss` in French local time: S = H winter, E summer. */
export function horodateAt(atMs: number): string {
  const p = localParts(atMs);
  return (
    (p.offsetHours === 2 ? "E" : "H") +
    digits(p.year % 100, 2) +
    digits(p.month, 2) +
    digits(p.day, 2) +
    digits(p.hour, 2) +
    digits(p.minute, 2) +
    digits(p.second, 2)
  );
}

export class SimulatedMeter {
  readonly options: Readonly<Required<SimulatedMeterOptions>>;
  private current: SimulatedMeterState;
  /** Energy per supplier index (1-based, index 0 unused), Wh, fractional. */
  private readonly indexWh: number[];
  private shortFramesSent = 0;

  constructor(options: SimulatedMeterOptions, initial: Partial<SimulatedMeterState> = {}) {
    this.options = Object.freeze({ meterId: "021861348497", ...options });
    this.current = { colour: "blue", period: "hp", tomorrow: "unknown", powerVA: 500, atMs: Date.UTC(2026, 0, 15, 12), ...initial };
    // Deterministic, plausible starting indexes (a few MWh each) so tests can predict them.
    this.indexWh = [0, 18_328_856, 23_739_545, 1_466_099, 2_132_883, 860_118, 844_115];
  }

  get state(): Readonly<SimulatedMeterState> {
    return { ...this.current };
  }

  /** Change the state; energy drawn since the previous `atMs` at the previous power goes to the previous index. */
  setState(patch: Partial<SimulatedMeterState>): void {
    const next = { ...this.current, ...patch };
    const elapsedMs = next.atMs - this.current.atMs;
    if (elapsedMs > 0) this.indexWh[this.supplierIndex()] += (this.current.powerVA * elapsedMs) / 3_600_000;
    this.current = next;
  }

  /** Supplier index (1-based) the meter is counting into now. */
  supplierIndex(): number {
    const s = this.current;
    if (this.options.contract === "base") return 1;
    if (this.options.contract === "hc-hp") return s.period === "hc" ? 1 : 2;
    const colourBase = s.colour === "blue" ? 1 : s.colour === "white" ? 3 : 5;
    return colourBase + (s.period === "hp" ? 1 : 0);
  }

  /** Whole Wh of one supplier index, as the meter prints it. */
  indexValueWh(index: number): number {
    return Math.floor(this.indexWh[index] ?? 0);
  }

  /** Total of all supplier indexes (EAST), Wh. */
  totalWh(): number {
    let total = 0;
    for (let i = 1; i < this.indexWh.length; i++) total += this.indexValueWh(i);
    return total;
  }

  subscribedVA(): number {
    return this.options.subscribedKVA * 1000;
  }

  overrun(): boolean {
    return this.current.powerVA > this.subscribedVA();
  }

  /**
   * The next frame the meter sends. A three-phase historic meter in overrun sends bursts of short frames
   * (ADIR1..3, ADCO, IINST1..3): 20 short, then 1 long, for as long as the overrun lasts.
   */
  frame(): Uint8Array {
    if (this.options.mode === "standard") return encodeStandardFrame(this.standardGroups());
    if (this.options.phases === 3 && this.overrun()) {
      this.shortFramesSent = (this.shortFramesSent + 1) % (SHORT_FRAMES_PER_LONG + 1);
      if (this.shortFramesSent !== 0) return encodeHistoricFrame(this.shortFrameGroups());
    } else this.shortFramesSent = 0;
    return encodeHistoricFrame(this.historicGroups());
  }

  /** Groups of a three-phase historic short frame (over-current burst). */
  shortFrameGroups(): Array<[string, string]> {
    const perPhase = digits(Math.round(this.current.powerVA / 3 / NOMINAL_VOLTAGE_V), 3);
    return [["ADIR1", perPhase], ["ADIR2", perPhase], ["ADIR3", perPhase], ["ADCO", this.options.meterId], ["IINST1", perPhase], ["IINST2", perPhase], ["IINST3", perPhase]];
  }

  historicGroups(): Array<[string, string]> {
    const { contract, phases } = this.options;
    const s = this.current;
    const isousc = Math.round(this.subscribedVA() / 200 / (phases === 3 ? 3 : 1));
    const groups: Array<[string, string]> = [["ADCO", this.options.meterId]];
    if (contract === "tempo") {
      groups.push(["OPTARIF", "BBR("], ["ISOUSC", digits(isousc, 2)]);
      HISTORIC_TEMPO_LABELS.forEach((label, i) => groups.push([label, digits(this.indexValueWh(i + 1), 9)]));
      groups.push(["PTEC", (s.period === "hp" ? "HP" : "HC") + "J" + COLOUR_CODE[s.colour]], ["DEMAIN", DEMAIN_TEXT[s.tomorrow]]);
    } else if (contract === "hc-hp") {
      groups.push(["OPTARIF", "HC.."], ["ISOUSC", digits(isousc, 2)]);
      groups.push(["HCHC", digits(this.indexValueWh(1), 9)], ["HCHP", digits(this.indexValueWh(2), 9)]);
      groups.push(["PTEC", s.period === "hp" ? "HP.." : "HC.."]);
    } else {
      groups.push(["OPTARIF", "BASE"], ["ISOUSC", digits(isousc, 2)], ["BASE", digits(this.indexValueWh(1), 9)], ["PTEC", "TH.."]);
    }
    if (phases === 1) {
      const iinst = Math.round(s.powerVA / NOMINAL_VOLTAGE_V);
      groups.push(["IINST", digits(iinst, 3)]);
      if (this.overrun()) groups.push(["ADPS", digits(iinst, 3)]);
      groups.push(["IMAX", "090"], ["PAPP", digits(s.powerVA, 5)]);
    } else {
      const perPhase = Math.round(s.powerVA / 3 / NOMINAL_VOLTAGE_V);
      groups.push(["IINST1", digits(perPhase, 3)], ["IINST2", digits(perPhase, 3)], ["IINST3", digits(perPhase, 3)]);
      groups.push(["IMAX1", "060"], ["IMAX2", "060"], ["IMAX3", "060"], ["PMAX", digits(this.subscribedVA(), 5)]);
      groups.push(["PAPP", digits(s.powerVA, 5)]);
    }
    groups.push(["HHPHC", "A"], ["MOTDETAT", "000000"]);
    if (phases === 3) groups.push(["PPOT", "00"]);
    return groups;
  }

  /** STGE register: dry contact open, TIC standard, Euridis on, CPL locked, supplier index, colours, overrun. */
  stge(): number {
    const s = this.current;
    let value = 0x1 | (1 << 17) | (3 << 19) | (1 << 21);
    value |= (this.supplierIndex() - 1) << 10;
    if (this.overrun()) value |= 1 << 7;
    if (this.options.contract === "tempo") value |= (STGE_COLOUR[s.colour] << 24) | (STGE_COLOUR[s.tomorrow] << 26);
    return value >>> 0;
  }

  standardGroups(): StandardGroup[] {
    const { contract, phases } = this.options;
    const s = this.current;
    const now = horodateAt(s.atMs);
    const kva = digits(this.options.subscribedKVA, 2);
    const ltarf =
      contract === "tempo"
        ? `${s.period === "hp" ? "HP" : "HC"}  ${LTARF_COLOUR[s.colour]}`
        : contract === "hc-hp"
          ? s.period === "hp" ? "HEURE  PLEINE" : "HEURE  CREUSE"
          : "BASE";
    const groups: StandardGroup[] = [
      { label: "ADSC", data: this.options.meterId },
      { label: "VTIC", data: "02" },
      { label: "DATE", data: "", horodate: now },
      { label: "NGTF", data: centre16(NGTF_TEXT[contract]) },
      { label: "LTARF", data: centre16(ltarf) },
      { label: "EAST", data: digits(this.totalWh(), 9) },
    ];
    for (let i = 1; i <= 10; i++) groups.push({ label: `EASF${digits(i, 2)}`, data: digits(this.indexValueWh(i), 9) });
    groups.push({ label: "EASD01", data: digits(this.totalWh(), 9) });
    for (let i = 2; i <= 4; i++) groups.push({ label: `EASD${digits(i, 2)}`, data: "000000000" });
    const phaseCount = phases;
    const perPhaseVA = s.powerVA / phaseCount;
    for (let p = 1; p <= phaseCount; p++) groups.push({ label: `IRMS${p}`, data: digits(Math.round(perPhaseVA / NOMINAL_VOLTAGE_V), 3) });
    for (let p = 1; p <= phaseCount; p++) groups.push({ label: `URMS${p}`, data: digits(NOMINAL_VOLTAGE_V, 3) });
    groups.push({ label: "PREF", data: kva }, { label: "PCOUP", data: kva }, { label: "SINSTS", data: digits(s.powerVA, 5) });
    if (phases === 3) for (let p = 1; p <= 3; p++) groups.push({ label: `SINSTS${p}`, data: digits(perPhaseVA, 5) });
    groups.push({ label: "SMAXSN", data: digits(s.powerVA, 5), horodate: now });
    groups.push({ label: "CCASN", data: digits(s.powerVA, 5), horodate: now });
    groups.push({ label: "UMOY1", data: digits(NOMINAL_VOLTAGE_V, 3), horodate: now });
    groups.push({ label: "STGE", data: this.stge().toString(16).toUpperCase().padStart(8, "0") });
    groups.push({ label: "MSG1", data: "PAS DE          MESSAGE         " });
    groups.push({ label: "PRM", data: "07361794479930" }, { label: "RELAIS", data: "000" });
    groups.push({ label: "NTARF", data: digits(this.supplierIndex(), 2) }, { label: "NJOURF", data: "00" }, { label: "NJOURF+1", data: "00" });
    groups.push({ label: "PJOURF+1", data: "00004001 06004002 22004001 NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE" });
    return groups;
  }
}
