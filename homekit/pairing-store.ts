// PairingStore over the hal KeyValueStore: identity, SRP verifier, pairings, failure counter, config number, setup id.
// Never loses existing pairings to a power cut: a new list goes to the spare slot, then a small index flips to it.
import type { KeyValueStore } from "../hal/types";
import { bytesEqual, bytesToHex, hexToBytes, utf8Decode, utf8Encode } from "../lib/bytes";
import type { HapCrypto } from "./crypto/types";
import type { AccessoryIdentity, PairingRecord, PairingStore, SrpVerifier } from "./pairing/types";
import { allocateIidBlocks } from "./iid-blocks";
import { generateSetupId, isValidSetupId } from "./setup-code";
import { HAP_SRP_USERNAME, SRP_GROUP_3072, srpVerifier, type SrpSuite } from "./srp";
import { jsonText } from "../lib/json";

/** Store keys (≤15 characters, the device's preference limit). */
export const HAP_KEYS = Object.freeze({
  identity: "hap.identity",
  srp: "hap.srp",
  setupId: "hap.setupid",
  pairIndex: "hap.pairs",
  pairSlotA: "hap.pairs.a",
  pairSlotB: "hap.pairs.b",
  failures: "hap.fail",
  config: "hap.cn",
  /** Instance ids of the services added at run time (a Switch per load): homekit/iid-blocks.ts. */
  iids: "hap.iids",
});

interface PairSlot {
  generation: number;
  pairings: { id: string; pk: string; admin: boolean }[];
}

export interface KvPairingStoreOptions {
  store: KeyValueStore;
  crypto: HapCrypto;
  /** The owner's setup code; when it differs from the stored verifier's, a new salt and verifier are stored. */
  setupCode?: string;
  /** Called on first start without a code: must return a valid, non-trivial "XXX-XX-XXX". */
  generateSetupCode: () => string;
}

export class KvPairingStore implements PairingStore {
  private readonly kv: KeyValueStore;
  private readonly crypto: HapCrypto;
  private readonly identityRecord: AccessoryIdentity;
  private verifierRecord: SrpVerifier;
  private pairings: PairingRecord[];
  private generation: number;
  private activeSlot: "a" | "b";
  private setupCodeThisStart: string | undefined;
  readonly setupId: string;

  constructor(options: KvPairingStoreOptions) {
    this.kv = options.store;
    this.crypto = options.crypto;
    this.identityRecord = this.loadOrCreateIdentity();
    this.setupId = this.loadOrCreateSetupId();
    const slot = this.loadPairings();
    this.pairings = slot.pairings;
    this.generation = slot.generation;
    this.activeSlot = slot.slot;
    const srp = this.loadOrCreateVerifier(options.setupCode, options.generateSetupCode);
    this.verifierRecord = srp.verifier;
    this.setupCodeThisStart = srp.newCode;
  }

  /** The setup code when known in this start (given, or generated on first start); undefined when only the verifier is stored. */
  get knownSetupCode(): string | undefined {
    return this.setupCodeThisStart;
  }

  /** Whether `setupCode` is the one the stored verifier was derived from (re-derived with the stored salt). */
  matchesSetupCode(setupCode: string): boolean {
    return bytesEqual(srpVerifier(this.srpSuite(), this.verifierRecord.salt, HAP_SRP_USERNAME, setupCode), this.verifierRecord.verifier);
  }

  /** Adopt `setupCode`: the stored verifier is kept if it is this code's, else re-salted. Pairings are kept. */
  useSetupCode(setupCode: string): void {
    if (!this.matchesSetupCode(setupCode)) this.verifierRecord = this.storeVerifier(setupCode);
    this.setupCodeThisStart = setupCode;
  }

  identity(): AccessoryIdentity {
    return this.identityRecord;
  }

  srpVerifier(): SrpVerifier {
    return this.verifierRecord;
  }

  get(id: string): PairingRecord | undefined {
    return this.pairings.find((p) => p.id === id);
  }

  add(record: PairingRecord): void {
    const next = this.pairings.filter((p) => p.id !== record.id);
    next.push({ id: record.id, ltpk: record.ltpk.slice(), admin: record.admin });
    this.savePairings(next);
  }

  remove(id: string): void {
    if (this.get(id) !== undefined) this.savePairings(this.pairings.filter((p) => p.id !== id));
  }

  /** Forget every pairing (the last admin was removed): the accessory becomes pairable again. */
  removeAll(): void {
    this.savePairings([]);
  }

  list(): PairingRecord[] {
    return this.pairings.map((p) => ({ id: p.id, ltpk: p.ltpk, admin: p.admin }));
  }

  isPaired(): boolean {
    return this.pairings.length > 0;
  }

  failedAttempts(): number {
    const text = this.readText(HAP_KEYS.failures);
    const count = text === undefined ? 0 : Number(text);
    return Number.isInteger(count) && count >= 0 ? count : 0;
  }

  setFailedAttempts(count: number): void {
    this.kv.set(HAP_KEYS.failures, utf8Encode(String(count)));
  }

  /** The `c#` for this database shape: bumped (and persisted) only when the digest differs from the stored one. */
  configNumber(shapeDigest: string): number {
    const stored = this.readJson<{ cn: number; digest: string }>(HAP_KEYS.config);
    if (stored !== undefined && stored.digest === shapeDigest && stored.cn >= 1) return stored.cn;
    // c# is 1..65535 and wraps to 1 (HAP spec R2 §6.4).
    const cn = stored === undefined ? 1 : (stored.cn % 65535) + 1;
    this.writeJson(HAP_KEYS.config, { cn, digest: shapeDigest });
    return cn;
  }

  /**
   * The first instance id of each key's service block (keys: load ids), stable across restarts and never reused:
   * written only when a key appears or goes. Erased by a factory reset with the rest (a new identity pairs anew).
   */
  serviceIids(keys: readonly string[]): Map<string, number> {
    const { record, changed } = allocateIidBlocks(this.readJson<unknown>(HAP_KEYS.iids), keys);
    if (changed) this.writeJson(HAP_KEYS.iids, record);
    const out = new Map<string, number>();
    for (const key of keys) out.set(key, record.blocks[key]);
    return out;
  }

  private savePairings(next: PairingRecord[]): void {
    const spare = this.activeSlot === "a" ? "b" : "a";
    const generation = this.generation + 1;
    const slot: PairSlot = { generation, pairings: next.map((p) => ({ id: p.id, pk: bytesToHex(p.ltpk), admin: p.admin })) };
    // 1) the new list to the spare slot; 2) the index flips. A cut before 2) leaves the old list in force.
    this.writeJson(spare === "a" ? HAP_KEYS.pairSlotA : HAP_KEYS.pairSlotB, slot);
    this.writeJson(HAP_KEYS.pairIndex, { slot: spare, generation });
    this.pairings = next;
    this.generation = generation;
    this.activeSlot = spare;
  }

  private loadPairings(): { pairings: PairingRecord[]; generation: number; slot: "a" | "b" } {
    const index = this.readJson<{ slot: "a" | "b"; generation: number }>(HAP_KEYS.pairIndex);
    const order: ("a" | "b")[] = index?.slot === "b" ? ["b", "a"] : ["a", "b"];
    for (const name of order) {
      const slot = this.readJson<PairSlot>(name === "a" ? HAP_KEYS.pairSlotA : HAP_KEYS.pairSlotB);
      // The indexed slot must carry the indexed generation; otherwise it is a torn or stale write: try the other one.
      if (slot === undefined || !Array.isArray(slot.pairings)) continue;
      if (index !== undefined && name === index.slot && slot.generation !== index.generation) continue;
      const pairings = slot.pairings
        .filter((p) => typeof p.id === "string" && typeof p.pk === "string" && p.pk.length === 64)
        .map((p) => ({ id: p.id, ltpk: hexToBytes(p.pk), admin: p.admin === true }));
      return { pairings, generation: slot.generation, slot: name };
    }
    return { pairings: [], generation: index?.generation ?? 0, slot: index?.slot ?? "a" };
  }

  private loadOrCreateIdentity(): AccessoryIdentity {
    const stored = this.readJson<{ id: string; sk: string; pk: string }>(HAP_KEYS.identity);
    if (stored !== undefined && /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/.test(stored.id) && stored.sk.length === 64 && stored.pk.length === 64) {
      return { deviceId: stored.id, ltsk: hexToBytes(stored.sk), ltpk: hexToBytes(stored.pk) };
    }
    const idBytes = this.crypto.randomBytes(6);
    const deviceId = Array.from(idBytes, (b) => (b < 16 ? "0" : "") + b.toString(16).toUpperCase()).join(":");
    const keys = this.crypto.ed25519KeyPair(this.crypto.randomBytes(32));
    this.writeJson(HAP_KEYS.identity, { id: deviceId, sk: bytesToHex(keys.secretKey), pk: bytesToHex(keys.publicKey) });
    return { deviceId, ltsk: keys.secretKey, ltpk: keys.publicKey };
  }

  private loadOrCreateSetupId(): string {
    const stored = this.readText(HAP_KEYS.setupId);
    if (stored !== undefined && isValidSetupId(stored)) return stored;
    const id = generateSetupId((length) => this.crypto.randomBytes(length));
    this.kv.set(HAP_KEYS.setupId, utf8Encode(id));
    return id;
  }

  private loadOrCreateVerifier(setupCode: string | undefined, generate: () => string): { verifier: SrpVerifier; newCode?: string } {
    const stored = this.readJson<{ salt: string; verifier: string }>(HAP_KEYS.srp);
    if (stored !== undefined) {
      const verifier = { salt: hexToBytes(stored.salt), verifier: hexToBytes(stored.verifier) };
      if (setupCode === undefined) return { verifier };
      // Same code as before: keep the verifier (re-deriving it with the stored salt is how we can tell).
      if (bytesEqual(srpVerifier(this.srpSuite(), verifier.salt, HAP_SRP_USERNAME, setupCode), verifier.verifier)) return { verifier, newCode: setupCode };
    }
    const code = setupCode ?? generate();
    return { verifier: this.storeVerifier(code), newCode: code };
  }

  private storeVerifier(setupCode: string): SrpVerifier {
    const salt = this.crypto.randomBytes(16);
    const verifier = { salt, verifier: srpVerifier(this.srpSuite(), salt, HAP_SRP_USERNAME, setupCode) };
    this.writeJson(HAP_KEYS.srp, { salt: bytesToHex(salt), verifier: bytesToHex(verifier.verifier) });
    return verifier;
  }

  private srpSuite(): SrpSuite {
    return { group: SRP_GROUP_3072, hash: (d) => this.crypto.sha512(d), modPow: (b, e, m) => this.crypto.modPow(b, e, m) };
  }

  private readText(key: string): string | undefined {
    const bytes = this.kv.get(key);
    return bytes === undefined ? undefined : utf8Decode(bytes);
  }

  private readJson<T>(key: string): T | undefined {
    const text = this.readText(key);
    if (text === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === "object" && value !== null ? (value as T) : undefined;
    } catch {
      return undefined;
    }
  }

  private writeJson(key: string, value: unknown): void {
    this.kv.set(key, utf8Encode(jsonText(value)));
  }
}
