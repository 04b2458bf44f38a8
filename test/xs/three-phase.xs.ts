// XS lane for "three-phase from the contract": the real three-phase captures with phase groups dropped and the
// subscription wrong once, through the decoder into a Controller on XS (the cases jest runs: test/meter/).
import h3anonBytes from "fixture:tic/hist-tempo-3ph-hpjb-demain-bleu-anonymized.tic";
import h3anonSide from "fixture:tic/hist-tempo-3ph-hpjb-demain-bleu-anonymized.tic.json";
import s3Bytes from "fixture:tic/std-tempo-3ph-hc-blanc-frame.tic";
import s3Side from "fixture:tic/std-tempo-3ph-hc-blanc-frame.tic.json";
import { parseSidecar } from "../tic/expectations";
import { HISTORIC_DAMAGE, STANDARD_DAMAGE, damaged, playThreePhase, sidecarSubscribedVA, type ThreePhaseCase } from "../meter/three-phase-cases";
import { assertEqual, run, test } from "./harness";

const CASES: readonly [Uint8Array, Uint8Array, ThreePhaseCase][] = [
  [h3anonBytes, h3anonSide, { name: "historic, blue HP", startIso: "2026-01-14T10:00:00+01:00", damage: HISTORIC_DAMAGE }],
  [s3Bytes, s3Side, { name: "standard, white HC", startIso: "2020-02-14T23:08:04+01:00", damage: STANDARD_DAMAGE }],
];

for (const [bytes, sideBytes, c] of CASES) {
  const sidecar = parseSidecar(sideBytes);
  const subscribedVA = sidecarSubscribedVA(sidecar);
  test(`${sidecar.file}: phase groups dropped and the subscription wrong once: the limit holds, no load switches`, () => {
    const result = playThreePhase(bytes, sidecar, c);
    assertEqual(result.limits.filter((va) => va !== subscribedVA), [], "limits other than the subscription");
    assertEqual(result.switches, [], "load switches");
    assertEqual(result.offered.some((va) => va !== undefined && va !== subscribedVA), true, "a wrong subscription was offered");
  });
  test(`${sidecar.file}: a subscription that really changed is in force two frames later`, () => {
    const field = sidecar.mode === "standard" ? "PREF" : "ISOUSC";
    const result = playThreePhase(bytes, sidecar, { ...c, damage: {} }, (frame) => damaged(frame, [{ swap: field }]), 4);
    const changed = result.offered[result.offered.length - 1];
    assertEqual(result.limits.slice(-5), [subscribedVA, subscribedVA, changed, changed, changed]);
  });
}

await run("three-phase");
