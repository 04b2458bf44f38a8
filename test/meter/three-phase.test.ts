// Three-phase from the contract, not from one frame: real three-phase captures with the groups that say
// "three-phase" dropped in some frames (bad checksums) and the subscription wrong once: the limit never moves and no
// load switches; a subscription that really changed is taken two frames later.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseSidecar } from "../tic/expectations";
import { HISTORIC_DAMAGE, STANDARD_DAMAGE, damaged, playThreePhase, sidecarSubscribedVA, type ThreePhaseCase } from "./three-phase-cases";

const dir = resolve(__dirname, "../../../shared/fixtures/tic");
const capture = (file: string) => ({ bytes: new Uint8Array(readFileSync(join(dir, file))), sidecar: parseSidecar(new Uint8Array(readFileSync(join(dir, `${file}.json`)))) });

const CASES: readonly [file: string, c: ThreePhaseCase][] = [
  ["hist-tempo-3ph-hpjb-demain-bleu-anonymized.tic", { name: "historic, blue HP", startIso: "2026-01-14T10:00:00+01:00", damage: HISTORIC_DAMAGE }],
  ["hist-tempo-3ph-hpjr-hcjr-demain-roug.tic", { name: "historic, red HP then HC", startIso: "2026-01-15T21:59:00+01:00", damage: HISTORIC_DAMAGE }],
  ["std-tempo-3ph-hc-blanc-frame.tic", { name: "standard, white HC", startIso: "2020-02-14T23:08:04+01:00", damage: STANDARD_DAMAGE }],
];

describe.each(CASES)("%s", (file, c) => {
  const { bytes, sidecar } = capture(file);
  const subscribedVA = sidecarSubscribedVA(sidecar);

  test(`${c.name}: a minute of frames with phase groups dropped and the subscription wrong once: the ${subscribedVA} VA limit holds, no load switches`, () => {
    const clean = playThreePhase(bytes, sidecar, { ...c, damage: {} });
    const run = playThreePhase(bytes, sidecar, c);
    // The damage is real: every broken group was dropped, and the swapped frame offered a wrong subscription.
    const broken = Object.values(c.damage).flat().reduce((n, d) => n + ("drop" in d ? d.drop.length : 0), 0);
    expect(run.badGroups - clean.badGroups).toBe(broken);
    expect(run.readings).toBe(clean.readings);
    expect(run.offered.some((va) => va !== undefined && va !== subscribedVA)).toBe(true);
    expect(clean.switches).toEqual([]);
    expect(new Set(run.limits)).toEqual(new Set([subscribedVA]));
    expect(run.switches).toEqual([]);
  });

  test(`${c.name}: a subscription that really changed (every frame from then on) is in force two frames later`, () => {
    const field = sidecar.mode === "standard" ? "PREF" : "ISOUSC";
    const run = playThreePhase(bytes, sidecar, { ...c, damage: {} }, (frame) => damaged(frame, [{ swap: field }]), 4);
    const changed = run.offered[run.offered.length - 1]!;
    expect(changed).not.toBe(subscribedVA);
    expect(run.limits.slice(-5)).toEqual([subscribedVA, subscribedVA, changed, changed, changed]);
  });
});
