// TLV8 encoding of HAP pairing bodies: one frozen table of type and error codes, plain encode/decode functions.
// Never throws on wire input: a truncated or malformed body decodes to a result carrying an error.
import { concatByteList } from "../lib/bytes";

/** HAP TLV types (HAP spec R2 table 5-6), used by name everywhere. */
export const TLV = Object.freeze({
  Method: 0x00,
  Identifier: 0x01,
  Salt: 0x02,
  PublicKey: 0x03,
  Proof: 0x04,
  EncryptedData: 0x05,
  State: 0x06,
  Error: 0x07,
  RetryDelay: 0x08,
  Certificate: 0x09,
  Signature: 0x0a,
  Permissions: 0x0b,
  FragmentData: 0x0c,
  FragmentLast: 0x0d,
  SessionID: 0x0e,
  Flags: 0x13,
  Separator: 0xff,
});

/** kTLVError_* codes sent in a TLV.Error item. */
export const TLV_ERROR = Object.freeze({
  Unknown: 0x01,
  Authentication: 0x02,
  Backoff: 0x03,
  MaxPeers: 0x04,
  MaxTries: 0x05,
  Unavailable: 0x06,
  Busy: 0x07,
});

/** Values of TLV.Method. */
export const PAIR_METHOD = Object.freeze({
  PairSetup: 0,
  PairSetupWithAuth: 1,
  PairVerify: 2,
  AddPairing: 3,
  RemovePairing: 4,
  ListPairings: 5,
});

/** Values of TLV.State: the step numbers M1..M6. */
export const PAIR_STATE = Object.freeze({ M1: 1, M2: 2, M3: 3, M4: 4, M5: 5, M6: 6 });

export interface TlvItem {
  type: number;
  value: Uint8Array;
}

export interface TlvDecodeResult {
  /** Items in wire order, fragments of one value already merged. */
  items: TlvItem[];
  /** Set when the input was truncated; `items` then holds what decoded before the damage. */
  error?: string;
}

const FRAGMENT_MAX_BYTES = 255;

/** Encode items in order; a value longer than 255 bytes is split into consecutive same-type fragments. */
export function encodeTlv(items: readonly TlvItem[]): Uint8Array {
  let size = 0;
  for (const item of items) size += 2 * Math.max(1, Math.ceil(item.value.length / FRAGMENT_MAX_BYTES)) + item.value.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const { type, value } of items) {
    let offset = 0;
    do {
      const length = Math.min(FRAGMENT_MAX_BYTES, value.length - offset);
      out[at++] = type;
      out[at++] = length;
      out.set(value.subarray(offset, offset + length), at);
      at += length;
      offset += length;
    } while (offset < value.length);
  }
  return out;
}

/**
 * Decode a TLV8 body. A full 255-byte fragment followed by an item of the same type continues that value
 * (HAP §14.1); separate same-type values must be divided by a Separator, as /pairings lists do.
 */
export function decodeTlv(bytes: Uint8Array): TlvDecodeResult {
  const items: TlvItem[] = [];
  let pendingType = -1;
  let pendingParts: Uint8Array[] = [];
  let pendingOpen = false;
  const flush = (): void => {
    if (pendingType >= 0) items.push({ type: pendingType, value: pendingParts.length === 1 ? pendingParts[0].slice() : concatByteList(pendingParts) });
    pendingType = -1;
    pendingParts = [];
  };
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) {
      flush();
      return { items, error: `truncated header at byte ${at}` };
    }
    const type = bytes[at];
    const length = bytes[at + 1];
    if (at + 2 + length > bytes.length) {
      flush();
      return { items, error: `truncated value of type ${type} at byte ${at}: ${length} bytes announced, ${bytes.length - at - 2} present` };
    }
    const value = bytes.subarray(at + 2, at + 2 + length);
    if (!(pendingOpen && type === pendingType)) flush();
    pendingType = type;
    pendingParts.push(value);
    pendingOpen = length === FRAGMENT_MAX_BYTES;
    at += 2 + length;
  }
  flush();
  return { items };
}

/** First value of `type`, or undefined. */
export function tlvGet(items: readonly TlvItem[], type: number): Uint8Array | undefined {
  for (const item of items) if (item.type === type) return item.value;
  return undefined;
}

/** Value of a one-byte integer item (State, Method, Error, Permissions), or undefined when absent or not one byte. */
export function tlvByte(items: readonly TlvItem[], type: number): number | undefined {
  const value = tlvGet(items, type);
  return value !== undefined && value.length === 1 ? value[0] : undefined;
}

/** Split a decoded list (e.g. a /pairings list response) into its Separator-delimited records. */
export function splitTlvList(items: readonly TlvItem[]): TlvItem[][] {
  const records: TlvItem[][] = [[]];
  for (const item of items) {
    if (item.type === TLV.Separator) records.push([]);
    else records[records.length - 1].push(item);
  }
  return records.filter((record) => record.length > 0);
}

/** Join records into one list, with an empty Separator item between consecutive records. */
export function joinTlvList(records: readonly (readonly TlvItem[])[]): TlvItem[] {
  const out: TlvItem[] = [];
  records.forEach((record, index) => {
    if (index > 0) out.push({ type: TLV.Separator, value: new Uint8Array(0) });
    out.push(...record);
  });
  return out;
}

/** One-byte item, for State/Method/Error/Permissions. */
export function tlvItemByte(type: number, value: number): TlvItem {
  return { type, value: Uint8Array.of(value & 0xff) };
}

/** The error reply of any pairing step: State = the step we answer with, Error = code. */
export function tlvErrorResponse(state: number, errorCode: number): Uint8Array {
  return encodeTlv([tlvItemByte(TLV.State, state), tlvItemByte(TLV.Error, errorCode)]);
}
