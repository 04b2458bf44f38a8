// XS entry of bench/hap-pairing.ts's "JS remainder": the device HapCrypto (hal/moddable/crypto.ts) with its native
// modules replaced by stubs that replay recorded outputs (native-stubs/), so xsnap's meter counts only the JS the
// device still runs. Prints one JSON line: per exchange, its slices with their compute units and native calls.
import { createModdableCrypto } from "../../hal/moddable/crypto";
import { EXCHANGES, type ExchangeName, ourPairingRunner } from "./hap-pairing-workload";
import { type NativeCall, calls, native, startRecording, startReplay } from "./native-stubs/tape";

declare const print: (text: string) => void;
declare const resetMeter: (limit: number, index: number) => number;

/** xsnap's compute meter, read without disturbing it. */
function meter(): number {
  const index = resetMeter(0, 0);
  resetMeter(0, index);
  return index;
}

// Randomness is a native-like source too (on the device: hardware RNG mixed by the native SHA-512): taped.
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

interface Slice {
  units: number;
  calls: NativeCall[];
}

async function round(record: boolean): Promise<Record<ExchangeName, Slice[]>> {
  counter = 1;
  if (record) startRecording();
  else startReplay();
  const crypto = createModdableCrypto(random);
  const result = {} as Record<ExchangeName, Slice[]>;
  let marks: { units: number; call: number }[] = [];
  let open = false;
  const now = () => {
    const units = meter();
    if (open) marks.push({ units, call: calls.length });
    return units;
  };
  const runner = ourPairingRunner(crypto, now, "031-45-154", {
    begin: () => {
      marks = [];
      open = true;
    },
    end: (name) => {
      open = false;
      // Marks come in pairs around each yield: [start, before yield, after yield, …, end].
      const slices: Slice[] = [];
      for (let i = 0; i + 1 < marks.length; i += 2) {
        slices.push({ units: marks[i + 1].units - marks[i].units, calls: calls.slice(marks[i].call, marks[i + 1].call) });
      }
      result[name] = slices;
    },
  });
  await runner.round();
  return result;
}

await round(true);
const first = await round(false);
const second = await round(false);
for (const name of EXCHANGES) {
  const a = first[name].map((s) => s.units).join();
  const b = second[name].map((s) => s.units).join();
  if (a !== b) print(`warning: ${name} not deterministic: ${a} / ${b}`);
}
print(JSON.stringify(first));
