// Types of the TIC reader's output: group events and the normalised frame reading.
// Declarations only; shared by the decoder, the Controller and host-sim. Never imports a platform module.

export type TicMode = "historic" | "standard";
export type TicModeSetting = TicMode | "auto";

export type Contract = "base" | "hc-hp" | "tempo" | "ejp" | "producer" | "unknown";
export type TempoColour = "blue" | "white" | "red";
/** Peak (HP), off-peak (HC), or none (base contract / unknown). */
export type PeriodKind = "hp" | "hc" | "none";

export type OverloadSource = "ADPS" | "ADIR1" | "ADIR2" | "ADIR3" | "STGE" | "SINSTS>PREF" | "IINST>ISOUSC";

/** Where a tariff fact came from, best first. */
export type TariffSource = "PTEC" | "NTARF" | "STGE" | "LTARF" | "DEMAIN" | "none";

/** A group whose checksum and plausibility checks passed, delivered the moment its CR arrives. */
export interface TicGroup {
  label: string;
  data: string;
  /** Standard-mode horodate (`SAAMMJJhhmmss`), when the group has one. */
  horodate?: string;
}

export interface TicCounters {
  frames: number;
  groupsOk: number;
  groupsBad: number;
  parityErrors: number;
  /** Frames cut short by EOT or by a new STX before ETX. */
  framesAborted: number;
}

export interface StgeFields {
  raw: number;
  dryContactOpen: boolean;
  /** 0 closed, 1 open on over-power, 2 over-voltage, 3 load shedding, 4 remote order, 5/6 overheat. */
  cutOff: number;
  overVoltage: boolean;
  overrun: boolean;
  producer: boolean;
  negativeEnergy: boolean;
  /** Current supplier index, 1-based like NTARF (register bits 10–13 hold it 0-based). */
  supplierIndex: number;
  clockDegraded: boolean;
  todayColour: TempoColour | "none";
  tomorrowColour: TempoColour | "none";
  mobilePeakNotice: number;
  mobilePeak: number;
}

export interface TariffReading {
  colour: TempoColour | "none";
  period: PeriodKind;
  source: TariffSource;
}

/**
 * One meter frame, normalised across modes. Unknown values are `undefined`, never 0. Read-only: a decoder hands the
 * same sub-objects (tariff, indexes, currents, overload, warnings, STGE) to successive readings while they hold the
 * same values, so changing one in place would change other readings.
 */
export interface TicReading {
  mode: TicMode;
  meterId?: string;
  contract: Contract;
  /** Raw contract label (OPTARIF or NGTF). */
  contractLabel?: string;
  current: Readonly<TariffReading>;
  tomorrow: Readonly<{ colour: TempoColour | "unknown"; source: TariffSource }>;
  /** Energy indexes in Wh by label (BBRHPJB, EAST, EASF01, ...). */
  indexesWh: Readonly<Record<string, number>>;
  /** Per-phase current, A (one entry single-phase, three entries three-phase). */
  currentsA: readonly number[];
  apparentPowerVA?: number;
  injectedPowerVA?: number;
  /** PREF × 1000, or ISOUSC × 200 × phases (historic: absent when the frame does not show the phase count). */
  subscribedPowerVA?: number;
  cutOffPowerVA?: number;
  /** 1 or 3 when a group only such a meter sends is in the frame (IINST/IMAX/ADPS; IINST1…3, IMAX1…3, SINSTS1…3, …). */
  phases?: 1 | 3;
  /** Standard mode: the meter counts injection (STGE bit 8, EAIT or SINSTI > 0). Absent in historic mode. */
  producer?: boolean;
  overload: Readonly<{ active: boolean; sources: readonly OverloadSource[] }>;
  stge?: Readonly<StgeFields>;
  /** Meter's own clock (standard DATE horodate), as sent. */
  meterTime?: string;
  /** Contradictions between tariff sources, e.g. "LTARF says blue, NTARF says red". */
  warnings: readonly string[];
  /** True when this frame was a three-phase historic short frame (ADIRn burst). */
  shortFrame: boolean;
  counters: TicCounters;
}

/** Emitted the moment the group that shows an overrun is decoded, before the frame ends. */
export interface TicOverloadEvent {
  source: OverloadSource;
  label: string;
  data: string;
  /** Current (A) or power (VA) that the group reports. */
  value?: number;
}

export interface TicDecoderEvents {
  onGroup?(group: TicGroup): void;
  onOverload?(event: TicOverloadEvent): void;
  onFrame?(reading: TicReading): void;
}
