// Shared set-up for the pairing tests: crypto with Node randomness, an in-memory store, counted yields.
// Test helper only (jest); the XS suite builds the same pieces with its own random source.
import { getRandomValues } from "node:crypto";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { PairSetup } from "../../homekit/pairing/pair-setup";
import { MemoryPairingStore } from "./pairing-memory-store";

export const SETUP_CODE = "031-45-154";

export function pairingFixture() {
  const crypto = createNobleCrypto((n) => getRandomValues(new Uint8Array(n)));
  const store = new MemoryPairingStore(crypto, SETUP_CODE);
  const yields = { count: 0 };
  const yieldFn = async () => {
    yields.count++;
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const deps = { crypto, store, yieldFn };
  return { crypto, store, yields, deps, pairSetup: new PairSetup(deps) };
}
