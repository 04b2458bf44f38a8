// Contracts between the pairing protocol (pair-setup, pair-verify, secure session) and the server.
// Declarations only; the server implements PairingStore over hal KeyValueStore.

/** The accessory's long-term identity, created once and kept forever (until factory reset). */
export interface AccessoryIdentity {
  /** "XX:XX:XX:XX:XX:XX", upper-case hex, stable. */
  deviceId: string;
  /** Ed25519 long-term secret key (32-byte seed) and public key. */
  ltsk: Uint8Array;
  ltpk: Uint8Array;
}

export interface PairingRecord {
  /** Controller's pairing identifier (UTF-8 string, usually a UUID). */
  id: string;
  /** Controller's Ed25519 long-term public key. */
  ltpk: Uint8Array;
  admin: boolean;
}

/** SRP verifier derived from the setup code; the code itself is never stored. */
export interface SrpVerifier {
  salt: Uint8Array;
  verifier: Uint8Array;
}

export interface PairingStore {
  identity(): AccessoryIdentity;
  srpVerifier(): SrpVerifier;
  get(id: string): PairingRecord | undefined;
  /** Adds or replaces (same id) a pairing; persisted before it returns. */
  add(record: PairingRecord): void;
  remove(id: string): void;
  list(): PairingRecord[];
  isPaired(): boolean;
  /** Failed pair-setup attempts, persisted across reboots (MaxTries at 100). */
  failedAttempts(): number;
  setFailedAttempts(count: number): void;
}

/** Keys of a verified session (pair-verify M4 done). */
export interface SessionKeys {
  /** Accessory → controller (HKDF "Control-Salt" / "Control-Read-Encryption-Key"). */
  encryptKey: Uint8Array;
  /** Controller → accessory ("Control-Write-Encryption-Key"). */
  decryptKey: Uint8Array;
  controllerId: string;
  admin: boolean;
}

/** Result of one pairing exchange: the TLV8 body to answer with, and what it concluded. */
export interface PairingStepResult {
  response: Uint8Array;
  /** pair-setup M5 success: the new admin pairing (already stored). */
  paired?: PairingRecord;
  /** pair-verify M3 success: switch this connection to encrypted frames after sending `response`. */
  session?: SessionKeys;
  /** Refused for load (pair-verify M1 past the gate's queue or its longest wait): send `response`, then close the connection. */
  busy?: boolean;
}

/** Lets long crypto work hand the event loop back (UART drain) between steps. */
export type Yield = () => Promise<void>;
