// An in-memory PairingStore for the pairing tests (jest and XS): the server's real store lives in homekit/pairing-store.
// Test helper only: keeps everything in maps, counts writes so tests can see what was persisted.
import type { HapCrypto } from "../../homekit/crypto/types";
import type { AccessoryIdentity, PairingRecord, PairingStore, SrpVerifier } from "../../homekit/pairing/types";
import { HAP_SRP_USERNAME, SRP_GROUP_3072, srpVerifier } from "../../homekit/srp";

export class MemoryPairingStore implements PairingStore {
  private readonly pairings = new Map<string, PairingRecord>();
  private failures = 0;
  writes = 0;
  private readonly id: AccessoryIdentity;
  private readonly verifier: SrpVerifier;

  constructor(crypto: HapCrypto, setupCode: string, deviceId = "1A:2B:3C:4D:5E:6F") {
    const pair = crypto.ed25519KeyPair();
    this.id = { deviceId, ltsk: pair.secretKey, ltpk: pair.publicKey };
    const salt = crypto.randomBytes(16);
    const suite = { group: SRP_GROUP_3072, hash: (d: Uint8Array) => crypto.sha512(d), modPow: crypto.modPow };
    this.verifier = { salt, verifier: srpVerifier(suite, salt, HAP_SRP_USERNAME, setupCode) };
  }

  identity(): AccessoryIdentity {
    return this.id;
  }
  srpVerifier(): SrpVerifier {
    return this.verifier;
  }
  get(id: string): PairingRecord | undefined {
    return this.pairings.get(id);
  }
  add(record: PairingRecord): void {
    this.writes++;
    this.pairings.set(record.id, { ...record });
  }
  remove(id: string): void {
    this.writes++;
    this.pairings.delete(id);
  }
  list(): PairingRecord[] {
    return Array.from(this.pairings.values());
  }
  isPaired(): boolean {
    return this.pairings.size > 0;
  }
  failedAttempts(): number {
    return this.failures;
  }
  setFailedAttempts(count: number): void {
    this.writes++;
    this.failures = count;
  }
}
