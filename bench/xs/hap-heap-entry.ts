// XS entry of bench/hap-pairing.ts's heap budget: the HAP stack with the device HapCrypto (native modules replaced by
// replaying stubs of the same buffer sizes, native-stubs/) on the xsnap-heap runner. Prints one JSON line of parts.
import type { Logger } from "../../hal/types";
import { createModdableCrypto } from "../../hal/moddable/crypto";
import { thermostatDatabase } from "../../homekit/accessory";
import { KvPairingStore } from "../../homekit/pairing-store";
import { HapServer } from "../../homekit/server";
import { SRP_GROUP_3072 } from "../../homekit/srp";
import { TestController, runPairSetup, runPairVerify } from "../../test/homekit/pairing-controller";
import { FakeBinding, TEST_INFO } from "../../test/homekit/support/fake-binding";
import { WireClient } from "../../test/homekit/support/hap-wire";
import { MemoryNetwork } from "../../test/homekit/support/memory-network";
import { MemoryStore } from "../../test/homekit/support/memory-store";
import { RecordingAdvertiser } from "../../test/homekit/support/recording-advertiser";
import { VirtualTimers } from "../../test/homekit/support/virtual-timers";
import { native, startRecording, startReplay } from "./native-stubs/tape";
import { type Heap, live } from "./heap-probe";

declare const print: (text: string) => void;
declare const gc: () => void;
declare const heapStats: (reset: boolean) => { chunks: number; peakChunks: number; slots: number; peakSlots: number };
declare const heapStress: (on: boolean) => void;

const CODE = "031-45-154";
const progress = false;
/** Built with --define:STRESS_PEAKS=false, peaks are taken with the normal collector: an upper bound, much faster. */
declare const STRESS_PEAKS: boolean | undefined;
const stressPeaks = typeof STRESS_PEAKS === "undefined" ? true : STRESS_PEAKS;
const TLV8 = "application/pairing+tlv8";
const SESSIONS = 8;
const silent: Logger = { log: () => undefined };

let counter = 0;
function random(length: number): Uint8Array {
  return new Uint8Array(
    native("random", length, () => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = (counter = (counter * 1103515245 + 12345) >>> 0) >>> 24;
      return out;
    })!,
  );
}

const diff = (a: Heap, b: Heap): Heap => ({ chunks: a.chunks - b.chunks, slots: a.slots - b.slots });

/** The most live at once while `work` runs, above what was live before (a collection before every allocation). */
async function peak(work: () => Promise<unknown>, measure = true): Promise<Heap> {
  if (!measure) {
    await work(); // the recording pass: @noble computes under no stress
    return { chunks: 0, slots: 0 };
  }
  gc();
  const before = heapStats(true);
  heapStress(stressPeaks);
  await work();
  heapStress(false);
  const after = heapStats(false);
  return { chunks: after.peakChunks - before.chunks, slots: after.peakSlots - before.slots };
}

async function scenario(measure: boolean): Promise<Record<string, Heap>> {
  counter = 1;
  const parts: Record<string, Heap> = {};
  const note = (name: string, heap: Heap) => {
    if (measure) parts[name] = heap;
    if (progress) print(`progress: ${measure ? "" : "(recording) "}${name}`);
  };
  const base = live();
  const crypto = createModdableCrypto(random);
  crypto.modPow(5n, 3n, SRP_GROUP_3072.N); // the Montgomery context, kept for the group
  const withCrypto = live();
  note("crypto", diff(withCrypto, base));
  note("crypto, during a 3072-bit exponentiation (256-bit exponent)", await peak(() => crypto.modPowSliced!(7n, (1n << 255n) + 12345n, SRP_GROUP_3072.N, async () => {}), measure));
  const kv = new MemoryStore();
  const store = new KvPairingStore({ store: kv, crypto, setupCode: CODE, generateSetupCode: () => CODE });
  const withStore = live();
  note("pairing store, unpaired (identity, verifier)", diff(withStore, withCrypto));
  const network = new MemoryNetwork();
  const server = new HapServer({
    network, timers: new VirtualTimers(), logger: silent, crypto, store, advertiser: new RecordingAdvertiser(),
    database: thermostatDatabase(TEST_INFO, new FakeBinding()), name: "Test", model: "DL-1", port: 0, pollIntervalMs: 0, eventCoalesceMs: 0,
  });
  await server.start();
  const started = live();
  note("server at rest (database, tables, listener)", diff(started, withStore));
  const controller = new TestController(crypto, "CONTROLLER-A");
  const setupWire = new WireClient(network);
  let ltpk: Uint8Array | undefined;
  note(
    "pair-setup M1–M6 in flight (peak; with the test controller's side)",
    await peak(async () => {
      const setup = await runPairSetup(controller, async (b) => (await setupWire.request("POST", "/pair-setup", b, TLV8)).body, CODE);
      if (!setup.ok) throw new Error(setup.error);
      ltpk = setup.value.accessoryLtpk;
    }, measure),
  );
  const paired = live();
  note("after pairing (one pairing stored, the setup connection open)", diff(paired, started));
  const sessions: WireClient[] = [];
  const verifyOne = async () => {
    const wire = new WireClient(network);
    const verified = await runPairVerify(controller, async (b) => (await wire.request("POST", "/pair-verify", b, TLV8)).body, ltpk!);
    if (!verified.ok) throw new Error(verified.error);
    wire.secure(crypto, verified.value);
    sessions.push(wire);
  };
  note("pair-verify M1–M4 in flight (peak; with the controller's side)", await peak(verifyOne, measure));
  for (let i = 1; i < SESSIONS; i++) await verifyOne();
  const withSessions = live();
  server.linkDown();
  for (let i = 0; i < 50; i++) await Promise.resolve();
  const dropped = live();
  const perSession = diff(withSessions, dropped);
  note(`per verified session (server side: what link down frees, ${SESSIONS} sessions / ${SESSIONS})`, { chunks: Math.round(perSession.chunks / SESSIONS), slots: Math.round(perSession.slots / SESSIONS) });
  note(`paired server with ${SESSIONS} sessions, crypto and store, plus the test controller and its ${SESSIONS} client sessions`, diff(withSessions, base));
  return parts;
}

startRecording();
await scenario(false);
startReplay();
print(JSON.stringify(await scenario(true)));
