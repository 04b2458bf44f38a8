// The six Tempo energy indexes of a meter frame, in one fixed order (colour × period), from either TIC mode.
// Pure; never guesses a missing index: a frame without all six gives null and is skipped by the accounts.

import type { TicReading } from "../tic/types";

/** Cells in the supplier's order (DOMAIN §1): blue HC, blue HP, white HC, white HP, red HC, red HP. */
export const TEMPO_CELLS = 6;
export const CELL_NAMES: readonly string[] = Object.freeze(["blueHc", "blueHp", "whiteHc", "whiteHp", "redHc", "redHp"]);

/** Historic mode: the BBR registers, in cell order. */
export const HISTORIC_TEMPO_INDEXES: readonly string[] = Object.freeze(["BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"]);
/** Standard mode under a Tempo contract: supplier indexes 1..6 (EASF01..06) are the same cells in the same order. */
export const STANDARD_TEMPO_INDEXES: readonly string[] = Object.freeze(["EASF01", "EASF02", "EASF03", "EASF04", "EASF05", "EASF06"]);

/** Cell of a colour and period: colour 0 blue, 1 white, 2 red; HC first. */
export function cellOf(colour: "blue" | "white" | "red", period: "hc" | "hp"): number {
  return (colour === "blue" ? 0 : colour === "white" ? 2 : 4) + (period === "hp" ? 1 : 0);
}

export function cellIsPeak(cell: number): boolean {
  return (cell & 1) === 1;
}

/**
 * The six indexes in Wh written into `out` (reused by the caller: no allocation per frame), or false when the frame
 * is not a Tempo frame with all six. A standard meter's EASF01..06 mean Tempo only under a Tempo contract (NGTF or
 * STGE colours); a historic meter names its registers, so the labels are enough.
 */
export function readTempoIndexes(reading: TicReading, out: number[]): boolean {
  let labels: readonly string[];
  if (reading.mode === "historic") labels = HISTORIC_TEMPO_INDEXES;
  else {
    const tempo = reading.contract === "tempo" || (reading.contractLabel !== undefined && reading.contractLabel.indexOf("TEMPO") >= 0);
    if (!tempo) return false;
    labels = STANDARD_TEMPO_INDEXES;
  }
  const indexes = reading.indexesWh;
  for (let i = 0; i < TEMPO_CELLS; i++) {
    const value = indexes[labels[i]];
    if (value === undefined) return false;
    out[i] = value;
  }
  return true;
}
