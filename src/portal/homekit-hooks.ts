// The portal's HomeKit hooks: setup code proposal and check (homekit/setup-code) and the X-HM:// URI for its QR.
// Never stores the code itself (the portal's save does) and never invents a setup id the HAP server would not use.

import type { KeyValueStore, Random } from "../../hal/types";
import { utf8Decode, utf8Encode } from "../../lib/bytes";
import { HAP_KEYS } from "../../homekit/pairing-store";
import { generateSetupCode, generateSetupId, isValidSetupId, validateSetupCode } from "../../homekit/setup-code";
import { CATEGORY_THERMOSTAT, setupUri } from "../../homekit/setup-uri";
import type { SetupCodeCheck } from "./form";

export interface PortalHomeKitHooks {
  checkSetupCode: SetupCodeCheck;
  generateSetupCode: () => string;
  setupUriFor: (setupCode: string) => string;
  setupId: string;
}

/**
 * The QR code must carry the setup id the HAP server advertises (its hash is the `sh` TXT key), so the id
 * is read from the HomeKit store, or created there now with the same key and alphabet the server uses.
 */
export function portalHomeKitHooks(store: KeyValueStore, random: Random): PortalHomeKitHooks {
  const randomBytes = (length: number) => random.fill(new Uint8Array(length));
  const stored = store.get(HAP_KEYS.setupId);
  let setupId = stored === undefined ? "" : utf8Decode(stored);
  if (!isValidSetupId(setupId)) {
    setupId = generateSetupId(randomBytes);
    store.set(HAP_KEYS.setupId, utf8Encode(setupId));
  }
  return {
    checkSetupCode: validateSetupCode,
    generateSetupCode: () => generateSetupCode(randomBytes),
    setupUriFor: (setupCode) => setupUri({ setupCode, setupId, category: CATEGORY_THERMOSTAT, ip: true }),
    setupId,
  };
}
