// Group-level overload detection: decides, the moment one good group arrives, whether it shows an overrun.
// Never waits for the end of the frame (a step load can leave only tens of seconds before the meter trips).
import { decodeStge, parseStge } from "./stge";
import type { TicMode, TicOverloadEvent } from "./types";

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

/** The overload this good group shows, if any; also records the limits it carries. */
export function groupOverload(mode: TicMode, label: string, data: string, limits: OverloadLimits): TicOverloadEvent | undefined {
  if (mode === "historic") {
    switch (label) {
      case "ISOUSC":
        limits.isouscA = Number(data);
        return undefined;
      case "ADPS":
        return { source: "ADPS", label, data, value: Number(data) };
      case "ADIR1":
      case "ADIR2":
      case "ADIR3":
        return { source: label, label, data, value: Number(data) };
      case "IINST":
      case "IINST1":
      case "IINST2":
      case "IINST3": {
        const currentA = Number(data);
        return limits.isouscA !== undefined && currentA > limits.isouscA ? { source: "IINST>ISOUSC", label, data, value: currentA } : undefined;
      }
      default:
        return undefined;
    }
  }
  switch (label) {
    case "PREF":
      limits.prefKVA = Number(data);
      return undefined;
    case "SINSTS": {
      const powerVA = Number(data);
      return limits.prefKVA !== undefined && powerVA > limits.prefKVA * 1000 ? { source: "SINSTS>PREF", label, data, value: powerVA } : undefined;
    }
    case "STGE": {
      const raw = parseStge(data);
      return raw !== undefined && decodeStge(raw).overrun ? { source: "STGE", label, data } : undefined;
    }
    default:
      return undefined;
  }
}
