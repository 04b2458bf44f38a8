// The _hap._tcp TXT record (DOMAIN §4), as key/value strings and as the length-prefixed bytes Moddable's mdns needs.
// Never reads the store or the network: every field comes in as an argument.
import { utf8Encode } from "../lib/bytes";

export interface HapTxtInput {
  configNumber: number;
  deviceId: string;
  model: string;
  paired: boolean;
  /** HAP accessory category; 9 = thermostat. */
  category: number;
  /** base64 of the first 4 bytes of SHA-512(setupId + deviceId). */
  setupHash: string;
}

export const HAP_CATEGORY_THERMOSTAT = 9;

/** Keys in the order HAP-NodeJS announces them (order does not matter to iOS, but stable output is testable). */
export function hapTxtRecord(input: HapTxtInput): Record<string, string> {
  return {
    "c#": String(input.configNumber),
    ff: "0",
    id: input.deviceId,
    md: input.model,
    pv: "1.1",
    "s#": "1",
    sf: input.paired ? "0" : "1",
    ci: String(input.category),
    sh: input.setupHash,
  };
}

/** DNS TXT RDATA: each "key=value" prefixed by its byte length (≤255; longer strings are cut, never split). */
export function encodeTxtBytes(record: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const key of Object.keys(record)) {
    let entry = utf8Encode(`${key}=${record[key]}`);
    if (entry.length > 255) entry = entry.subarray(0, 255);
    parts.push(entry);
    length += entry.length + 1;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const entry of parts) {
    out[at++] = entry.length;
    out.set(entry, at);
    at += entry.length;
  }
  return out;
}
