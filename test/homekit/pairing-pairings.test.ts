// The /pairings handler: add, remove, list for admins; refusals; the last admin's removal unpairs the accessory.
import { bytesToHex, utf8Decode, utf8Encode } from "../../lib/bytes";
import { MAX_PAIRINGS, handlePairings } from "../../homekit/pairing/pairings-tlv";
import { PAIR_METHOD, PAIR_STATE, TLV, TLV_ERROR, decodeTlv, encodeTlv, splitTlvList, tlvByte, tlvGet, tlvItemByte } from "../../homekit/tlv";
import { pairingFixture } from "./pairing-fixture";

const errorOf = (body: Uint8Array) => tlvByte(decodeTlv(body).items, TLV.Error);
const key = (fill: number) => new Uint8Array(32).fill(fill);

function addBody(id: string, ltpk: Uint8Array, admin: boolean): Uint8Array {
  return encodeTlv([
    tlvItemByte(TLV.State, PAIR_STATE.M1),
    tlvItemByte(TLV.Method, PAIR_METHOD.AddPairing),
    { type: TLV.Identifier, value: utf8Encode(id) },
    { type: TLV.PublicKey, value: ltpk },
    tlvItemByte(TLV.Permissions, admin ? 1 : 0),
  ]);
}
const removeBody = (id: string) =>
  encodeTlv([tlvItemByte(TLV.State, 1), tlvItemByte(TLV.Method, PAIR_METHOD.RemovePairing), { type: TLV.Identifier, value: utf8Encode(id) }]);
const listBody = () => encodeTlv([tlvItemByte(TLV.State, 1), tlvItemByte(TLV.Method, PAIR_METHOD.ListPairings)]);

function setup() {
  const { store } = pairingFixture();
  store.add({ id: "owner", ltpk: key(1), admin: true });
  const owner = { controllerId: "owner", admin: true };
  return { store, owner };
}

describe("/pairings", () => {
  test("add, then list shows both with their permissions, then remove", () => {
    const { store, owner } = setup();
    const add = handlePairings({ store }, owner, addBody("guest", key(2), false));
    expect(Array.from(add.response)).toEqual([TLV.State, 1, PAIR_STATE.M2]);
    const list = handlePairings({ store }, owner, listBody());
    const items = decodeTlv(list.response).items;
    expect(tlvByte(items, TLV.State)).toBe(PAIR_STATE.M2);
    const records = splitTlvList(items.filter((i) => i.type !== TLV.State)).map((r) => [
      utf8Decode(tlvGet(r, TLV.Identifier)!),
      bytesToHex(tlvGet(r, TLV.PublicKey)!),
      tlvByte(r, TLV.Permissions),
    ]);
    expect(records).toEqual([
      ["owner", bytesToHex(key(1)), 1],
      ["guest", bytesToHex(key(2)), 0],
    ]);
    const removed = handlePairings({ store }, owner, removeBody("guest"));
    expect(removed.removedIds).toEqual(["guest"]);
    expect(removed.unpaired).toBeUndefined();
    expect(store.get("guest")).toBeUndefined();
  });

  test("a non-admin session, or one demoted since it verified, is refused with Authentication", () => {
    const { store, owner } = setup();
    store.add({ id: "guest", ltpk: key(2), admin: false });
    for (const body of [listBody(), addBody("x", key(3), true), removeBody("owner")]) {
      expect(errorOf(handlePairings({ store }, { controllerId: "guest", admin: false }, body).response)).toBe(TLV_ERROR.Authentication);
      expect(errorOf(handlePairings({ store }, { controllerId: "guest", admin: true }, body).response)).toBe(TLV_ERROR.Authentication);
    }
    expect(store.get("owner")).toBeDefined();
    expect(errorOf(handlePairings({ store }, owner, listBody()).response)).toBeUndefined();
  });

  test("re-adding an id with another key is Unknown; with the same key it updates permissions", () => {
    const { store, owner } = setup();
    handlePairings({ store }, owner, addBody("guest", key(2), false));
    expect(errorOf(handlePairings({ store }, owner, addBody("guest", key(9), true)).response)).toBe(TLV_ERROR.Unknown);
    expect(store.get("guest")!.admin).toBe(false);
    expect(errorOf(handlePairings({ store }, owner, addBody("guest", key(2), true)).response)).toBeUndefined();
    expect(store.get("guest")!.admin).toBe(true);
  });

  test(`MaxPeers once ${MAX_PAIRINGS} pairings exist`, () => {
    const { store, owner } = setup();
    for (let i = 1; i < MAX_PAIRINGS; i++) expect(errorOf(handlePairings({ store }, owner, addBody(`c${i}`, key(i + 1), false)).response)).toBeUndefined();
    expect(store.list()).toHaveLength(MAX_PAIRINGS);
    expect(errorOf(handlePairings({ store }, owner, addBody("one-too-many", key(99), false)).response)).toBe(TLV_ERROR.MaxPeers);
  });

  test("removing the last admin removes every pairing and reports unpaired", () => {
    const { store, owner } = setup();
    handlePairings({ store }, owner, addBody("guest", key(2), false));
    const result = handlePairings({ store }, owner, removeBody("owner"));
    expect(result.unpaired).toBe(true);
    expect(result.removedIds!.sort()).toEqual(["guest", "owner"]);
    expect(store.isPaired()).toBe(false);
  });

  test("removing an unknown id succeeds and removes nothing", () => {
    const { store, owner } = setup();
    const result = handlePairings({ store }, owner, removeBody("nobody"));
    expect(errorOf(result.response)).toBeUndefined();
    expect(result.removedIds).toBeUndefined();
    expect(store.list()).toHaveLength(1);
  });

  test("malformed bodies answer Unknown", () => {
    const { store, owner } = setup();
    const bodies = [
      new Uint8Array(0),
      Uint8Array.of(6, 3, 1),
      encodeTlv([tlvItemByte(TLV.State, 3), tlvItemByte(TLV.Method, PAIR_METHOD.ListPairings)]),
      encodeTlv([tlvItemByte(TLV.State, 1), tlvItemByte(TLV.Method, PAIR_METHOD.PairVerify)]),
      encodeTlv([tlvItemByte(TLV.State, 1), tlvItemByte(TLV.Method, PAIR_METHOD.AddPairing), { type: TLV.Identifier, value: utf8Encode("x") }]),
      addBody("short-key", new Uint8Array(31), false),
      encodeTlv([tlvItemByte(TLV.State, 1), tlvItemByte(TLV.Method, PAIR_METHOD.RemovePairing)]),
    ];
    for (const body of bodies) expect(errorOf(handlePairings({ store }, owner, body).response)).toBe(TLV_ERROR.Unknown);
    expect(store.list()).toHaveLength(1);
  });

  test("a store that fails to persist gives Unknown, not a throw", () => {
    const { store, owner } = setup();
    store.add = () => {
      throw new Error("flash full");
    };
    expect(errorOf(handlePairings({ store }, owner, addBody("guest", key(2), false)).response)).toBe(TLV_ERROR.Unknown);
  });
});
