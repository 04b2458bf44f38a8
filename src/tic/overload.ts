// Group-level overload detection: decides, the moment one good group arrives, whether it shows an overrun.
// Never waits for the end of the frame (a step load can leave only tens of seconds before the meter trips).
import { findLabel, TIC_LABELS, type TicLabel } from "./labels";
import { STGE_BITS } from "./stge";
import type { OverloadSource, TicMode, TicOverloadEvent } from "./types";

/**
 * Limits learnt from earlier groups, kept across frames: three-phase short frames (ADIRn bursts) carry no ISOUSC,
 * and PREF comes before SINSTS in a standard frame anyway.
 */
export interface OverloadLimits {
  isouscA: number | undefined;
  prefKVA: number | undefined;
}

export function newOverloadLimits(): OverloadLimits {
  return { isouscA: undefined, prefKVA: undefined };
}

/** What a label means to the overload check, one line per label, by mode (every other label: NONE). */
const ROLE = Object.freeze({ NONE: 0, ISOUSC: 1, ADPS: 2, ADIR: 3, IINST: 4, PREF: 5, SINSTS: 6, STGE: 7 });
const ROLES: Readonly<Record<TicMode, Readonly<Record<string, number>>>> = Object.freeze({
  historic: Object.freeze({
    ISOUSC: ROLE.ISOUSC,
    ADPS: ROLE.ADPS,
    ADIR1: ROLE.ADIR,
    ADIR2: ROLE.ADIR,
    ADIR3: ROLE.ADIR,
    IINST: ROLE.IINST,
    IINST1: ROLE.IINST,
    IINST2: ROLE.IINST,
    IINST3: ROLE.IINST,
  }),
  standard: Object.freeze({ PREF: ROLE.PREF, SINSTS: ROLE.SINSTS, STGE: ROLE.STGE }),
});
/** Role by label id: a group whose label has none (0) needs no groupOverload call. */
export const OVERLOAD_ROLE = new Uint8Array(TIC_LABELS.length);
for (const mode of ["historic", "standard"] as const) for (const name of Object.keys(ROLES[mode])) OVERLOAD_ROLE[findLabel(mode, name)!.id] = ROLES[mode][name];

/** The labels whose value the overload check reads: the frame keeps them as numbers. */
export const OVERLOAD_LABELS: readonly string[] = Object.freeze([...Object.keys(ROLES.historic), ...Object.keys(ROLES.standard)]);

/**
 * The overrun this good group shows, if any, from its value (current A, power VA, STGE register); also records the
 * limits it carries. The caller builds the event only then (see overloadEvent).
 */
export function groupOverload(entry: TicLabel, value: number, limits: OverloadLimits): OverloadSource | undefined {
  switch (OVERLOAD_ROLE[entry.id]) {
    case ROLE.ISOUSC:
      limits.isouscA = value;
      return undefined;
    case ROLE.ADPS:
      return "ADPS";
    case ROLE.ADIR:
      return entry.name as OverloadSource;
    case ROLE.IINST:
      return limits.isouscA !== undefined && value > limits.isouscA ? "IINST>ISOUSC" : undefined;
    case ROLE.PREF:
      limits.prefKVA = value;
      return undefined;
    case ROLE.SINSTS:
      return limits.prefKVA !== undefined && value > limits.prefKVA * 1000 ? "SINSTS>PREF" : undefined;
    case ROLE.STGE:
      return ((value >>> STGE_BITS.overrun.shift) & STGE_BITS.overrun.mask) === 1 ? "STGE" : undefined;
    default:
      return undefined;
  }
}

/** The event for an overrun groupOverload found: the group's label and data, and its value (none for STGE). */
export function overloadEvent(source: OverloadSource, entry: TicLabel, data: string, value: number): TicOverloadEvent {
  return source === "STGE" ? { source, label: entry.name, data } : { source, label: entry.name, data, value };
}
