// Which order each load kind receives when running or shed, and which relay coils encode it.
// Frozen tables only; never drives a GPIO (the shell writes the levels through hal DigitalOutput).

import type { LoadConfig, LoadKind, LoadOrder } from "../app/types";

/**
 * Coils per kind and order, fail-safe (README "## Wiring"): a dead or booting box energises nothing, so heating
 * keeps running without it. Relays switch loads through their normally-closed contact; fil-pilote diodes only
 * reach the pilot wire through an energised relay (DOMAIN §3: positive half-wave = arrêt, negative half-wave =
 * hors-gel, both = full sine = eco). fil-pilote-2 is [negative, positive]; sg-ready is the heat pump's two contacts.
 */
export const COILS_BY_ORDER: Readonly<Record<LoadKind, Readonly<Partial<Record<LoadOrder | "on" | "off", readonly boolean[]>>>>> = Object.freeze({
  relay: Object.freeze({ on: Object.freeze([false]), off: Object.freeze([true]) }),
  "fil-pilote-1": Object.freeze({ confort: Object.freeze([false]), "hors-gel": Object.freeze([true]), arret: Object.freeze([true]), eco: Object.freeze([true]) }),
  "fil-pilote-2": Object.freeze({ confort: Object.freeze([false, false]), "hors-gel": Object.freeze([true, false]), arret: Object.freeze([false, true]), eco: Object.freeze([true, true]) }),
  "sg-ready": Object.freeze({ "sg-normal": Object.freeze([false, false]), "sg-lock": Object.freeze([true, false]), on: Object.freeze([false, false]), off: Object.freeze([true, false]) }),
});

/** The order a load gets: none for a plain relay, confort or its shed order for fil pilote, SG-Ready 2 or 1. */
export function orderFor(load: LoadConfig, on: boolean): LoadOrder | undefined {
  switch (load.kind) {
    case "relay":
      return undefined;
    case "fil-pilote-1":
    case "fil-pilote-2":
      return on ? "confort" : load.shedOrder;
    case "sg-ready":
      return on ? "sg-normal" : "sg-lock";
  }
}

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
