// XS lane for the TIC reader: every shared capture decoded on the real XS engine against the same sidecar checks
// as the jest lane (test/tic/expectations.ts), plus chunking, 8N1 parity and overload timing.
import adcoBytes from "fixture:tic/hist-hc-1ph-bad-checksum-adco.tic";
import adcoSide from "fixture:tic/hist-hc-1ph-bad-checksum-adco.tic.json";
import spaceBytes from "fixture:tic/hist-hc-1ph-checksum-space.tic";
import spaceSide from "fixture:tic/hist-hc-1ph-checksum-space.tic.json";
import twoBytes from "fixture:tic/hist-hc-1ph-two-frames.tic";
import twoSide from "fixture:tic/hist-hc-1ph-two-frames.tic.json";
import hcjbBytes from "fixture:tic/hist-tempo-1ph-hcjb-demain-roug.tic";
import hcjbSide from "fixture:tic/hist-tempo-1ph-hcjb-demain-roug.tic.json";
import midBytes from "fixture:tic/hist-tempo-1ph-hpjb-demain-bleu-midstream.tic";
import midSide from "fixture:tic/hist-tempo-1ph-hpjb-demain-bleu-midstream.tic.json";
import h3anonBytes from "fixture:tic/hist-tempo-3ph-hpjb-demain-bleu-anonymized.tic";
import h3anonSide from "fixture:tic/hist-tempo-3ph-hpjb-demain-bleu-anonymized.tic.json";
import h3redBytes from "fixture:tic/hist-tempo-3ph-hpjr-hcjr-demain-roug.tic";
import h3redSide from "fixture:tic/hist-tempo-3ph-hpjr-hcjr-demain-roug.tic.json";
import prodBytes from "fixture:tic/std-producer-1ph-hphc-corrupted.tic";
import prodSide from "fixture:tic/std-producer-1ph-hphc-corrupted.tic.json";
import s1Bytes from "fixture:tic/std-tempo-1ph-hp-bleu-anonymized.tic";
import s1Side from "fixture:tic/std-tempo-1ph-hp-bleu-anonymized.tic.json";
import s3Bytes from "fixture:tic/std-tempo-3ph-hc-blanc-frame.tic";
import s3Side from "fixture:tic/std-tempo-3ph-hc-blanc-frame.tic.json";
import s3corruptBytes from "fixture:tic/std-tempo-3ph-hc-blanc-stream-corrupted.tic";
import s3corruptSide from "fixture:tic/std-tempo-3ph-hc-blanc-stream-corrupted.tic.json";
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import { withEvenParity } from "../../host-sim/meter/tic-encoder";
import { TicDecoder } from "../../src/tic"; // through the public index, as the firmware imports it
import { decodeFixture, fixtureChecks, parseSidecar } from "../tic/expectations";
import { assert, assertEqual, run, test } from "./harness";

const FIXTURES: Array<[Uint8Array, Uint8Array]> = [
  [adcoBytes, adcoSide], [spaceBytes, spaceSide], [twoBytes, twoSide], [hcjbBytes, hcjbSide], [midBytes, midSide],
  [h3anonBytes, h3anonSide], [h3redBytes, h3redSide], [prodBytes, prodSide], [s1Bytes, s1Side], [s3Bytes, s3Side],
  [s3corruptBytes, s3corruptSide],
];

for (const [bytes, sideBytes] of FIXTURES) {
  const sidecar = parseSidecar(sideBytes);
  const checks = fixtureChecks(sidecar, bytes);
  test(`${sidecar.file}: ${checks.length} sidecar checks`, () => {
    assert(checks.length >= 5, "the sidecar yields real checks");
    const result = decodeFixture(bytes);
    for (const check of checks) {
      try {
        check.verify(result);
      } catch (error) {
        throw new Error(`${check.name}: ${(error as Error).message}`);
      }
    }
  });
  test(`${sidecar.file}: 1-byte chunks and 8N1 parity give identical events`, () => {
    const whole = JSON.stringify(decodeFixture(bytes));
    assertEqual(JSON.stringify(decodeFixture(bytes, "auto", 1)), whole, "1-byte chunks");
    assertEqual(JSON.stringify(decodeFixture(withEvenParity(bytes))), whole, "8N1 read");
  });
}

test("simulated meter round trip on XS (both modes), overload before the frame", () => {
  for (const mode of ["historic", "standard"] as const) {
    const meter = new SimulatedMeter({ mode, contract: "tempo", phases: 1, subscribedKVA: 6 });
    meter.setState({ colour: "red", period: "hp", tomorrow: "white", powerVA: 7200, atMs: Date.UTC(2026, 1, 3, 9) });
    const events: string[] = [];
    const decoder = new TicDecoder({ mode: "auto", onOverload: (e) => events.push(e.source), onFrame: (r) => events.push(`${r.current.colour}/${r.current.period}/${r.tomorrow.colour}/${r.apparentPowerVA}`) });
    decoder.push(withEvenParity(meter.frame()));
    const expectedOverloads = mode === "historic" ? ["IINST>ISOUSC", "ADPS"] : ["SINSTS>PREF", "STGE"];
    assertEqual(events, [...expectedOverloads, "red/hp/white/7200"], `${mode} events`);
    assertEqual(decoder.counters.parityErrors, 0, "parity errors");
  }
});

test("a parity error on XS drops its group and is counted", () => {
  const meter = new SimulatedMeter({ mode: "standard", contract: "tempo", phases: 3, subscribedKVA: 12 });
  const line = withEvenParity(meter.frame());
  line[20] ^= 0x01;
  const result = decodeFixture(line);
  assertEqual(result.counters.parityErrors, 1, "parity errors");
  assertEqual(result.counters.groupsBad, 1, "bad groups");
  assertEqual(result.readings.length, 1, "the frame is still read");
});

await run("tic");
