// The /pairings endpoint (HAP §5.10–5.12): add, remove and list pairings, admin controllers only.
// Never throws on a bad body; never closes sessions itself: it reports removed ids and the server closes them.
import { bytesEqual, utf8Decode, utf8Encode } from "../../lib/bytes";
import { PAIR_METHOD, PAIR_STATE, TLV, TLV_ERROR, type TlvItem, decodeTlv, encodeTlv, joinTlvList, tlvByte, tlvErrorResponse, tlvGet, tlvItemByte } from "../tlv";
import type { PairingStore, SessionKeys } from "./types";

/** The issue asks for at least 16 pairings; an add beyond this answers MaxPeers. */
export const MAX_PAIRINGS = 16;

const PERMISSION_ADMIN = 0x01;

export interface PairingsDeps {
  store: PairingStore;
}

export interface PairingsResult {
  response: Uint8Array;
  /** Controllers whose pairing is gone: the server closes their sessions (after sending `response`). */
  removedIds?: string[];
  /** The last admin was removed: every pairing is gone and the accessory is back to unpaired (sf = 1). */
  unpaired?: boolean;
}

export function handlePairings(deps: PairingsDeps, session: Pick<SessionKeys, "controllerId" | "admin">, body: Uint8Array): PairingsResult {
  const decoded = decodeTlv(body);
  if (decoded.error || tlvByte(decoded.items, TLV.State) !== PAIR_STATE.M1) return errorReply(TLV_ERROR.Unknown);
  const method = tlvByte(decoded.items, TLV.Method);
  if (method !== PAIR_METHOD.AddPairing && method !== PAIR_METHOD.RemovePairing && method !== PAIR_METHOD.ListPairings) {
    return errorReply(TLV_ERROR.Unknown);
  }
  // Check the session's admin bit against the store too: it may have been demoted since it verified.
  const current = deps.store.get(session.controllerId);
  if (!session.admin || !current || !current.admin) return errorReply(TLV_ERROR.Authentication);
  try {
    if (method === PAIR_METHOD.AddPairing) return addPairing(deps.store, decoded.items);
    if (method === PAIR_METHOD.RemovePairing) return removePairing(deps.store, decoded.items);
    return listPairings(deps.store);
  } catch {
    // The store failed to persist: say so generically; the previous pairings are intact (store contract).
    return errorReply(TLV_ERROR.Unknown);
  }
}

function addPairing(store: PairingStore, items: TlvItem[]): PairingsResult {
  const idBytes = tlvGet(items, TLV.Identifier);
  const ltpk = tlvGet(items, TLV.PublicKey);
  const permissions = tlvByte(items, TLV.Permissions);
  if (!idBytes || idBytes.length === 0 || !ltpk || ltpk.length !== 32 || permissions === undefined) return errorReply(TLV_ERROR.Unknown);
  const id = utf8Decode(idBytes);
  const admin = (permissions & PERMISSION_ADMIN) !== 0;
  const existing = store.get(id);
  if (existing) {
    if (!bytesEqual(existing.ltpk, ltpk)) return errorReply(TLV_ERROR.Unknown);
    store.add({ id, ltpk: existing.ltpk, admin });
  } else {
    if (store.list().length >= MAX_PAIRINGS) return errorReply(TLV_ERROR.MaxPeers);
    store.add({ id, ltpk: ltpk.slice(), admin });
  }
  return { response: okReply() };
}

function removePairing(store: PairingStore, items: TlvItem[]): PairingsResult {
  const idBytes = tlvGet(items, TLV.Identifier);
  if (!idBytes || idBytes.length === 0) return errorReply(TLV_ERROR.Unknown);
  const id = utf8Decode(idBytes);
  // Removing an unknown id succeeds (HAP: idempotent), so a retried request is harmless.
  if (!store.get(id)) return { response: okReply() };
  store.remove(id);
  if (!store.list().some((p) => p.admin)) {
    const reset = resetAll(store);
    return { ...reset, removedIds: [id, ...(reset.removedIds ?? [])] };
  }
  return { response: okReply(), removedIds: [id] };
}

/** Last admin gone: drop every remaining pairing so the accessory can be paired again. */
function resetAll(store: PairingStore): PairingsResult {
  const removedIds: string[] = [];
  for (const pairing of store.list()) {
    store.remove(pairing.id);
    removedIds.push(pairing.id);
  }
  return { response: okReply(), removedIds, unpaired: true };
}

function listPairings(store: PairingStore): PairingsResult {
  const records = store.list().map((p) => [
    { type: TLV.Identifier, value: utf8Encode(p.id) },
    { type: TLV.PublicKey, value: p.ltpk },
    tlvItemByte(TLV.Permissions, p.admin ? PERMISSION_ADMIN : 0),
  ]);
  return { response: encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M2), ...joinTlvList(records)]) };
}

function okReply(): Uint8Array {
  return encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M2)]);
}

function errorReply(code: number): PairingsResult {
  return { response: tlvErrorResponse(PAIR_STATE.M2, code) };
}
