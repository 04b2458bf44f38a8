// Which relay coils to energise for a load's state: one frozen table per load kind (wiring in README "## Wiring").
// Pure: never drives a pin. Convention: a de-energised coil leaves the load as if the box were absent (runs).

import type { LoadKind, LoadOrder } from "../app/types";

/**
 * Coils per order. A dead or booting box energises nothing, so heating keeps running without it: relays switch
 * loads through their normally-closed contact; fil-pilote diodes only reach the pilot wire through an energised
 * relay (DOMAIN §3: positive half-wave = arrêt, negative half-wave = hors-gel, both = full sine = eco).
 */
export const COILS_BY_ORDER: Readonly<Record<LoadKind, Readonly<Partial<Record<LoadOrder | "on" | "off", readonly boolean[]>>>>> = Object.freeze({
  relay: Object.freeze({ on: Object.freeze([false]), off: Object.freeze([true]) }),
  "fil-pilote-1": Object.freeze({ confort: Object.freeze([false]), "hors-gel": Object.freeze([true]), arret: Object.freeze([true]), eco: Object.freeze([true]) }),
  "fil-pilote-2": Object.freeze({ confort: Object.freeze([false, false]), "hors-gel": Object.freeze([true, false]), arret: Object.freeze([false, true]), eco: Object.freeze([true, true]) }),
  "sg-ready": Object.freeze({ "sg-normal": Object.freeze([false, false]), "sg-lock": Object.freeze([true, false]), on: Object.freeze([false, false]), off: Object.freeze([true, false]) }),
});

/** Number of outputs a load of this kind uses. */
export function outputCount(kind: LoadKind): number {
  return kind === "relay" || kind === "fil-pilote-1" ? 1 : 2;
}

/** Coil levels for a load decision; an order the kind cannot express falls back to plain on/off. */
export function coilsFor(kind: LoadKind, on: boolean, order?: LoadOrder): readonly boolean[] {
  const table = COILS_BY_ORDER[kind];
  const byOrder = order === undefined ? undefined : table[order];
  if (byOrder) return byOrder;
  const fallback = on ? (table.on ?? table.confort) : (table.off ?? table["hors-gel"]);
  return fallback ?? SAFE[outputCount(kind)];
}

const SAFE: Readonly<Record<number, readonly boolean[]>> = Object.freeze({ 1: Object.freeze([false]), 2: Object.freeze([false, false]) });

/** The boot state: every coil released. */
export function safeCoils(kind: LoadKind): readonly boolean[] {
  return SAFE[outputCount(kind)];
}
