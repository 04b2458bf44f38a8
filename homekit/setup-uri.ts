// The X-HM:// setup URI (for the QR code) and the `sh` setup hash of the _hap._tcp TXT record.
// Pure formatting: never generates codes or IDs (setup-code.ts does) and never uses btoa/Buffer.
import { sha512 } from "@noble/hashes/sha2.js";
import { utf8Encode } from "../lib/bytes";

/** HAP accessory category of a thermostat. */
export const CATEGORY_THERMOSTAT = 9;

/** Payload flag bits (above the 27-bit code). */
const FLAG_NFC = 1 << 27;
const FLAG_IP = 1 << 28;
const FLAG_BLE = 1 << 29;
const PAYLOAD_DIGITS = 9;

export interface SetupUriOptions {
  setupCode: string;
  setupId: string;
  category: number;
  ip?: boolean;
  ble?: boolean;
  nfc?: boolean;
}

/**
 * "X-HM://" + 9 base-36 digits of (version 3 bits = 0 | reserved 4 | category 8 | flags 4 | code 27) + setup ID.
 * Built with BigInt because the payload is 46 bits wide.
 */
export function setupUri(options: SetupUriOptions): string {
  const code = parseInt(options.setupCode.replace(/-/g, ""), 10);
  let low = code & 0x7ffffff;
  if (options.nfc) low |= FLAG_NFC;
  if (options.ip) low |= FLAG_IP;
  if (options.ble) low |= FLAG_BLE;
  const payload = (BigInt(options.category & 0xff) << 31n) | BigInt(low >>> 0);
  let digits = payload.toString(36).toUpperCase();
  while (digits.length < PAYLOAD_DIGITS) digits = "0" + digits;
  return `X-HM://${digits}${options.setupId}`;
}

/** `sh` TXT value: base64 of the first 4 bytes of SHA-512(setupID + deviceID). `hash` lets the device pass native SHA-512. */
export function setupHash(setupId: string, deviceId: string, hash: (data: Uint8Array) => Uint8Array = sha512): string {
  return base64(hash(utf8Encode(setupId + deviceId)).subarray(0, 4));
}

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard padded base64. */
export function base64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
    out += BASE64_ALPHABET[b0 >> 2] + BASE64_ALPHABET[((b0 & 3) << 4) | (b1 >> 4)];
    out += i + 1 < bytes.length ? BASE64_ALPHABET[((b1 & 15) << 2) | (b2 >> 6)] : "=";
    out += i + 2 < bytes.length ? BASE64_ALPHABET[b2 & 63] : "=";
  }
  return out;
}
