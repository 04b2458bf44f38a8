// Which order each load kind receives when running or shed, and the output levels that encode it.
// Frozen tables only; never drives a GPIO (the shell writes the levels through hal DigitalOutput).

import type { LoadConfig, LoadKind, LoadOrder } from "../app/types";

/**
 * Output levels per kind and order (DOMAIN §3). fil-pilote-1 is one relay (with a diode chosen for
 * hors-gel or arrêt, none for eco): closed = the shed order. fil-pilote-2 is two relays with opposite
 * diodes: [negative half-wave, positive half-wave]. sg-ready is the heat pump's two contacts.
 */
export const ORDER_OUTPUTS: Readonly<Record<LoadKind, Readonly<Partial<Record<LoadOrder | "on" | "off", readonly boolean[]>>>>> =
  Object.freeze({
    relay: Object.freeze({ on: Object.freeze([true]), off: Object.freeze([false]) }),
    "fil-pilote-1": Object.freeze({
      confort: Object.freeze([false]),
      "hors-gel": Object.freeze([true]),
      arret: Object.freeze([true]),
      eco: Object.freeze([true]),
    }),
    "fil-pilote-2": Object.freeze({
      confort: Object.freeze([false, false]),
      "hors-gel": Object.freeze([true, false]),
      arret: Object.freeze([false, true]),
      eco: Object.freeze([true, true]),
    }),
    "sg-ready": Object.freeze({
      "sg-normal": Object.freeze([false, false]),
      "sg-lock": Object.freeze([true, false]),
    }),
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

/** Output levels for a load in a state (one entry per output the kind uses). */
export function outputLevels(load: LoadConfig, on: boolean): readonly boolean[] {
  const table = ORDER_OUTPUTS[load.kind];
  const order = orderFor(load, on);
  const levels = order ? table[order] : table[on ? "on" : "off"];
  return levels ?? (on ? [false] : [true]);
}
