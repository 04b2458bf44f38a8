// The pairing workload the HAP benchmark times on Node and on XS: our PairSetup/PairVerify driven by the test controller.
// Node-free (the XS entry imports it); measures server compute per exchange and the longest slice between yields.
import type { HapCrypto } from "../../homekit/crypto/types";
import { PairSetup } from "../../homekit/pairing/pair-setup";
import { PairVerify } from "../../homekit/pairing/pair-verify";
import { TestController } from "../../test/homekit/pairing-controller";
import { MemoryPairingStore } from "../../test/homekit/pairing-memory-store";

export const EXCHANGES = ["setup M1→M2", "setup M3→M4", "setup M5→M6", "verify M1→M2", "verify M3→M4"] as const;
export type ExchangeName = (typeof EXCHANGES)[number];

export interface ExchangeTiming {
  /** Server compute for the whole exchange, ms (client work excluded). */
  totalMs: number;
  /** Longest stretch between two yields (or handle start/end), ms: how long the UART goes undrained. */
  longestSliceMs: number;
  slices: number;
}

export type PairingTimings = Record<ExchangeName, ExchangeTiming[]>;

export interface PairingRunner {
  timings: PairingTimings;
  /** One complete pair-setup + pair-verify round; the store is reset (unpaired) first. */
  round(): Promise<void>;
}

/** Run `iterations` rounds in a row. */
export async function measureOurPairing(crypto: HapCrypto, iterations: number, now: () => number): Promise<PairingTimings> {
  const runner = ourPairingRunner(crypto, now);
  for (let i = 0; i < iterations; i++) await runner.round();
  return runner.timings;
}

/** Optional marks around each timed exchange (the remainder bench attributes native calls to exchanges with them). */
export interface ExchangeHooks {
  begin?(name: ExchangeName): void;
  end?(name: ExchangeName): void;
}

/** Our server side (one PairSetup, as the server keeps one), timed per exchange; rounds can interleave with a peer's. */
export function ourPairingRunner(crypto: HapCrypto, now: () => number, code = "031-45-154", hooks: ExchangeHooks = {}): PairingRunner {
  const timings = {} as PairingTimings;
  for (const name of EXCHANGES) timings[name] = [];
  let sliceStart = 0;
  let longest = 0;
  let slices = 0;
  const yieldFn = async (): Promise<void> => {
    const t = now();
    longest = Math.max(longest, t - sliceStart);
    slices++;
    await Promise.resolve();
    sliceStart = now();
  };
  const store = new MemoryPairingStore(crypto, code);
  const deps = { crypto, store, yieldFn };
  // One PairSetup for all rounds, as the server keeps one: the SRP group constants are hashed on the first M1 only.
  const pairSetup = new PairSetup(deps);
  async function timed(name: ExchangeName, work: () => Promise<Uint8Array>): Promise<Uint8Array> {
    longest = 0;
    slices = 0;
    hooks.begin?.(name);
    const start = now();
    sliceStart = start;
    const response = await work();
    const end = now();
    hooks.end?.(name);
    longest = Math.max(longest, end - sliceStart);
    timings[name].push({ totalMs: end - start, longestSliceMs: longest, slices: slices + 1 });
    return response;
  }
  let i = 0;
  async function round(): Promise<void> {
    i++;
    for (const p of store.list()) store.remove(p.id);
    const controller = new TestController(crypto, `bench-${i}`);
    const m2 = await timed("setup M1→M2", async () => (await pairSetup.handle(1, controller.pairSetupM1())).response);
    const m3 = controller.pairSetupM3(m2, code);
    if (!m3.ok) throw new Error(`bench M3: ${m3.error}`);
    const m4 = await timed("setup M3→M4", async () => (await pairSetup.handle(1, m3.value)).response);
    const m5 = controller.pairSetupM5(m4);
    if (!m5.ok) throw new Error(`bench M5: ${m5.error}`);
    const m6 = await timed("setup M5→M6", async () => (await pairSetup.handle(1, m5.value)).response);
    const done = controller.pairSetupDone(m6);
    if (!done.ok) throw new Error(`bench M6: ${done.error}`);
    const verify = new PairVerify(deps);
    const pv1 = controller.pairVerifyM1();
    const pv2 = await timed("verify M1→M2", async () => (await verify.handle(pv1)).response);
    const pv3 = controller.pairVerifyM3(pv2, done.value.accessoryLtpk);
    if (!pv3.ok) throw new Error(`bench PV M3: ${pv3.error}`);
    const pv4 = await timed("verify M3→M4", async () => (await verify.handle(pv3.value)).response);
    const ok = controller.pairVerifyDone(pv4);
    if (!ok.ok) throw new Error(`bench PV M4: ${ok.error}`);
  }
  return { timings, round };
}

export function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
