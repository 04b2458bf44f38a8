// Factory reset: erase from the store everything the owner or Apple Home put there, keep only factory data.
// Never restarts the box itself and never touches outputs: the caller restarts (into the set-up access point).
import type { KeyValueStore } from "../../hal/types";

/**
 * Keys that survive a factory reset, by prefix. Only data written at manufacturing ("fx." — serial number,
 * hardware revision, the reset counter below). Everything else is erased, including keys this table does not
 * know about: an allow-list of survivors means a new feature's key can never leak through a reset by mistake.
 * (Wi-Fi credentials, setup code, HomeKit identity and pairings, the pair-setup failure counter, settings,
 * owner mode and overrides, the web page's owner password, bearer tokens and failed-login counter — src/auth's
 * `auth.*` keys — are all erased: the box comes back as new, under a new HomeKit identity, and the next owner
 * chooses a password in the set-up portal. Login sessions live in RAM only: the restart that follows ends them.)
 */
export const FACTORY_KEEP_PREFIXES: readonly string[] = Object.freeze(["fx."]);

/** How many factory resets the box has seen (kept, for support). */
export const FACTORY_RESET_COUNT_KEY = "fx.resets";

export interface FactoryResetReport {
  erased: string[];
  kept: string[];
}

export function survivesFactoryReset(key: string): boolean {
  for (const prefix of FACTORY_KEEP_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

export function factoryReset(store: KeyValueStore): FactoryResetReport {
  const erased: string[] = [];
  const kept: string[] = [];
  for (const key of store.keys()) {
    if (survivesFactoryReset(key)) {
      kept.push(key);
    } else {
      store.delete(key);
      erased.push(key);
    }
  }
  const previous = store.get(FACTORY_RESET_COUNT_KEY);
  const count = previous && previous.length === 4 ? new DataView(previous.buffer, previous.byteOffset, 4).getUint32(0) : 0;
  const next = new Uint8Array(4);
  new DataView(next.buffer).setUint32(0, count + 1);
  store.set(FACTORY_RESET_COUNT_KEY, next);
  if (!kept.includes(FACTORY_RESET_COUNT_KEY)) kept.push(FACTORY_RESET_COUNT_KEY);
  return { erased: erased.sort(), kept: kept.sort() };
}
