// Which loads run on the PV surplus and with what policy, from one settings text (`ballon:need=180 pompe:max=240`).
// Pure; never decides anything (router.ts does).

import { DEFAULT_SURPLUS_POLICY, type SurplusPolicy } from "./router";

const KEY = "(?:margin|on|off|import|minrun|max|need)";
const ENTRY = `[a-z0-9][a-z0-9_-]{0,31}(?::${KEY}=[0-9]{1,5}(?:,${KEY}=[0-9]{1,5})*)?`;
/**
 * Load ids separated by spaces, each with optional `key=value` after a colon: margin (W), on (s before a start),
 * off (s of import before a stop), import (W that counts as import), minrun (min), max (min a day), need (min a day
 * guaranteed in HC).
 */
export const SURPLUS_LOADS_PATTERN = `^${ENTRY}(?: ${ENTRY})*$`;

const SECOND = 1000;
const MINUTE = 60_000;
/** Each key: the policy field it sets and the unit it is given in. */
const KEYS: Readonly<Record<string, { field: keyof SurplusPolicy; unitMs: number }>> = Object.freeze({
  margin: { field: "marginW", unitMs: 1 },
  on: { field: "onDelayMs", unitMs: SECOND },
  off: { field: "offDelayMs", unitMs: SECOND },
  import: { field: "stopImportW", unitMs: 1 },
  minrun: { field: "minRunMs", unitMs: MINUTE },
  max: { field: "maxRunMsPerDay", unitMs: MINUTE },
  need: { field: "guaranteeMs", unitMs: MINUTE },
});

/** The routed loads and their policies; an empty or malformed text routes nothing (the settings table reports it). */
export function surplusPoliciesOf(text: string): Readonly<Record<string, SurplusPolicy>> {
  const out: Record<string, SurplusPolicy> = {};
  if (text === "" || !new RegExp(SURPLUS_LOADS_PATTERN).test(text)) return out;
  for (const entry of text.split(" ")) {
    const colon = entry.indexOf(":");
    const id = colon < 0 ? entry : entry.slice(0, colon);
    const policy: SurplusPolicy = { ...DEFAULT_SURPLUS_POLICY };
    if (colon >= 0) {
      for (const pair of entry.slice(colon + 1).split(",")) {
        const key = KEYS[pair.slice(0, pair.indexOf("="))];
        policy[key.field] = Number(pair.slice(pair.indexOf("=") + 1)) * key.unitMs;
      }
    }
    out[id] = policy;
  }
  return out;
}
