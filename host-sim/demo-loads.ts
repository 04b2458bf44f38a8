// The loads a fresh host-sim starts with, so `npm start` shows shedding at once (the box itself ships with none).
// Host-only; written to the state dir once, through the same settings validation as the web page.
import type { KeyValueStore, Logger } from "../hal/types";
import { defaultSettings, validateSettings } from "../src/app/settings";
import { APP_STORE_PREFIX } from "../src/device/device";
import { readJson, writeJson } from "../src/device/json-store";

// One line per load: a living room on two pilot wires, bedrooms on one, a water heater on a relay.
const DEMO_LOADS = Object.freeze([
  { id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 },
  { id: "chambres", name: "Chambres", kind: "fil-pilote-1", priority: 3, nominalPowerW: 1500 },
  { id: "chauffe-eau", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 },
]);

/** Seeds demo settings when the state dir has none; returns true when it did. */
export function seedDemoSettings(store: KeyValueStore, logger: Logger): boolean {
  const key = APP_STORE_PREFIX + "settings";
  if (readJson(store, key).value !== undefined) return false;
  const result = validateSettings({ ...defaultSettings(), loads: DEMO_LOADS });
  if (!result.ok) {
    logger.log("error", "demo settings do not validate", { errors: result.errors.map((e) => `${e.field}: ${e.message}`).join("; ") });
    return false;
  }
  writeJson(store, key, result.settings);
  return true;
}
