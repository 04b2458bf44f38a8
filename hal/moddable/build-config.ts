// Build-time provisioning: `mcconfig … ssid=X password=Y setupCode=Z` puts these in mc/config; the first boot stores them.
// Never overwrites what the owner set in the portal: a stored Wi-Fi or pairing verifier always wins over the build.
import type { KeyValueStore } from "../types";
import { utf8Encode } from "../../lib/bytes";
import { HAP_KEYS } from "../../homekit/pairing-store";
import { PORTAL_KEYS } from "../../src/portal/settings";

export interface BuildProvisioning {
  /** Moddable's usual command-line keys for a station network. */
  ssid?: string;
  password?: string;
  /** HomeKit setup code `XXX-XX-XXX`; taken only while the box has never derived a verifier. */
  setupCode?: string;
}

/** Returns the names of the settings it stored, for the boot report. */
export function applyBuildProvisioning(store: KeyValueStore, build: BuildProvisioning): string[] {
  const applied: string[] = [];
  if (build.ssid && store.get(PORTAL_KEYS.wifiSsid) === undefined) {
    // Password first, SSID last: the SSID's presence is what marks Wi-Fi as set up (src/portal/settings.ts).
    store.set(PORTAL_KEYS.wifiPassword, utf8Encode(build.password ?? ""));
    store.set(PORTAL_KEYS.wifiSsid, utf8Encode(build.ssid));
    applied.push("wifi");
  }
  // Once the pairing store holds a verifier the code lives only there; a later build must not replace it.
  if (build.setupCode && store.get(HAP_KEYS.srp) === undefined) {
    store.set(PORTAL_KEYS.setupCode, utf8Encode(build.setupCode));
    applied.push("setupCode");
  }
  return applied;
}
