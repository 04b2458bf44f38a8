import { webcrypto } from "node:crypto";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { HAP_KEYS, KvPairingStore } from "../../homekit/pairing-store";
import { HAP_SRP_USERNAME, SRP_GROUP_3072, srpVerifier } from "../../homekit/srp";
import { MemoryStore } from "./support/memory-store";

const crypto = createNobleCrypto((n) => webcrypto.getRandomValues(new Uint8Array(n)));
const open = (store: MemoryStore, setupCode?: string) => new KvPairingStore({ store, crypto, setupCode, generateSetupCode: () => "314-15-926" });
const pk = (fill: number) => new Uint8Array(32).fill(fill);

describe("KvPairingStore", () => {
  test("identity is created once (random device id, Ed25519 pair) and stable across reopen", () => {
    const kv = new MemoryStore();
    const a = open(kv, "101-48-005");
    const b = open(kv);
    expect(a.identity().deviceId).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
    expect(b.identity().deviceId).toBe(a.identity().deviceId);
    expect(Array.from(b.identity().ltpk)).toEqual(Array.from(a.identity().ltpk));
    expect(Array.from(crypto.ed25519KeyPair(a.identity().ltsk).publicKey)).toEqual(Array.from(a.identity().ltpk));
    expect(b.setupId).toMatch(/^[0-9A-Z]{4}$/);
    expect(b.setupId).toBe(a.setupId);
    expect(open(new MemoryStore()).identity().deviceId).not.toBe(a.identity().deviceId);
  });

  test("only the SRP salt and verifier are stored, never the code; verifier matches the code", () => {
    const kv = new MemoryStore();
    const store = open(kv, "101-48-005");
    const all = Array.from(kv.data.values()).map((v) => Buffer.from(v).toString("latin1")).join("|");
    expect(all).not.toContain("101-48-005");
    expect(all).not.toContain("10148005");
    const suite = { group: SRP_GROUP_3072, hash: crypto.sha512, modPow: crypto.modPow };
    const { salt, verifier } = store.srpVerifier();
    expect(Array.from(srpVerifier(suite, salt, HAP_SRP_USERNAME, "101-48-005"))).toEqual(Array.from(verifier));
    expect(store.knownSetupCode).toBe("101-48-005");
    // Reopen without a code: same verifier, code unknown. Reopen with the same code: same salt (no re-salt).
    expect(open(kv).knownSetupCode).toBeUndefined();
    expect(Array.from(open(kv, "101-48-005").srpVerifier().salt)).toEqual(Array.from(salt));
    // A new code replaces salt and verifier.
    expect(Array.from(open(kv, "222-33-444").srpVerifier().salt)).not.toEqual(Array.from(salt));
  });

  test("matchesSetupCode re-derives with the stored salt; useSetupCode re-salts only for a new code and keeps pairings", () => {
    const kv = new MemoryStore();
    const store = open(kv, "101-48-005");
    store.add({ id: "ctrl", ltpk: new Uint8Array(32).fill(7), admin: true });
    expect(store.matchesSetupCode("101-48-005")).toBe(true);
    expect(store.matchesSetupCode("222-33-444")).toBe(false);
    const oldSalt = Array.from(store.srpVerifier().salt);
    const unknown = open(kv);
    unknown.useSetupCode("101-48-005");
    expect(unknown.knownSetupCode).toBe("101-48-005");
    expect(Array.from(unknown.srpVerifier().salt)).toEqual(oldSalt);
    store.useSetupCode("222-33-444");
    expect(store.knownSetupCode).toBe("222-33-444");
    expect(Array.from(store.srpVerifier().salt)).not.toEqual(oldSalt);
    const reopened = open(kv);
    expect(reopened.matchesSetupCode("222-33-444")).toBe(true);
    expect(reopened.matchesSetupCode("101-48-005")).toBe(false);
    expect(reopened.isPaired()).toBe(true);
  });

  test("first start without a code uses the generator", () => {
    const store = open(new MemoryStore());
    expect(store.knownSetupCode).toBe("314-15-926");
  });

  test("pairings add/replace/remove/list persist; 16 pairings fit the 4000-byte value limit", () => {
    const kv = new MemoryStore();
    const s = open(kv, "101-48-005");
    expect(s.isPaired()).toBe(false);
    for (let i = 0; i < 16; i++) s.add({ id: `${i.toString().padStart(2, "0")}345678-ABCD-EF01-2345-6789ABCDEF01`, ltpk: pk(i), admin: i === 0 });
    s.add({ id: "00345678-ABCD-EF01-2345-6789ABCDEF01", ltpk: pk(99), admin: true });
    const r = open(kv);
    expect(r.isPaired()).toBe(true);
    expect(r.list()).toHaveLength(16);
    expect(r.get("00345678-ABCD-EF01-2345-6789ABCDEF01")!.ltpk[0]).toBe(99);
    expect(r.get("01345678-ABCD-EF01-2345-6789ABCDEF01")!.admin).toBe(false);
    r.remove("01345678-ABCD-EF01-2345-6789ABCDEF01");
    r.remove("not-there");
    expect(open(kv).list()).toHaveLength(15);
    open(kv).removeAll();
    expect(open(kv).isPaired()).toBe(false);
  });

  test("power cut at every point of a pairing write: the old list or the new list, never fewer", () => {
    const base = new MemoryStore();
    const s = open(base, "101-48-005");
    s.add({ id: "A", ltpk: pk(1), admin: true });
    s.add({ id: "B", ltpk: pk(2), admin: false });
    for (let cut = 0; cut <= 2; cut++) {
      const kv = new MemoryStore();
      for (const [k, v] of base.data) kv.data.set(k, v.slice());
      const store = open(kv);
      kv.failAfterSets = cut;
      try {
        store.add({ id: "C", ltpk: pk(3), admin: false });
      } catch {
        // the simulated power cut
      }
      kv.failAfterSets = Infinity;
      const ids = open(kv).list().map((p) => p.id).sort();
      expect(ids).toEqual(cut < 2 ? ["A", "B"] : ["A", "B", "C"]);
    }
  });

  test("a torn spare slot (garbage bytes) never hides the list the index points to", () => {
    const kv = new MemoryStore();
    const s = open(kv, "101-48-005");
    s.add({ id: "A", ltpk: pk(1), admin: true });
    const spare = kv.data.has(HAP_KEYS.pairSlotB) ? HAP_KEYS.pairSlotA : HAP_KEYS.pairSlotB;
    kv.data.set(spare, new Uint8Array([0x7b, 0x22, 0xff]));
    expect(open(kv).list().map((p) => p.id)).toEqual(["A"]);
    // And a garbage active slot falls back to the other slot rather than crashing.
    const active = spare === HAP_KEYS.pairSlotA ? HAP_KEYS.pairSlotB : HAP_KEYS.pairSlotA;
    kv.data.set(active, new Uint8Array([1, 2, 3]));
    expect(() => open(kv)).not.toThrow();
  });

  test("failure counter persists; garbage reads as 0", () => {
    const kv = new MemoryStore();
    const s = open(kv, "101-48-005");
    expect(s.failedAttempts()).toBe(0);
    s.setFailedAttempts(99);
    expect(open(kv).failedAttempts()).toBe(99);
    kv.data.set(HAP_KEYS.failures, new Uint8Array([0x78]));
    expect(open(kv).failedAttempts()).toBe(0);
  });

  test("config number: 1 at first, unchanged for the same shape, +1 when the shape changes, persisted", () => {
    const kv = new MemoryStore();
    const s = open(kv, "101-48-005");
    expect(s.configNumber("abc")).toBe(1);
    expect(open(kv).configNumber("abc")).toBe(1);
    expect(open(kv).configNumber("def")).toBe(2);
    expect(open(kv).configNumber("def")).toBe(2);
    expect(open(kv).configNumber("abc")).toBe(3);
  });

  test("all keys respect the 15-character limit", () => {
    for (const key of Object.values(HAP_KEYS)) expect(key.length).toBeLessThanOrEqual(15);
  });
});
