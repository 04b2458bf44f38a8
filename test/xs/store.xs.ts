// XS lane for the settings store: a power cut after every store change while 1-, 5- and 15-chunk records are saved,
// over the generation layout and over the old one. Runs the very cases jest runs (test/device/store-cuts.ts), a
// subset of the size pairs: every size is written and replaced once (jest runs them all; XS takes ~0.25 s per cut
// of a 15-chunk record).
import { assert, assertEqual, run, test } from "./harness";
import { chainOfCuts, cutEveryStep } from "../device/store-cuts";

const PAIRS: readonly [oldChunks: number, newChunks: number, oldLayout: boolean][] = [
  [0, 5, false],
  [5, 1, false],
  [1, 15, false],
  [15, 5, false],
  [5, 15, true],
  [15, 1, true],
];

for (const [oldChunks, newChunks, oldLayout] of PAIRS) {
  const name = `${oldLayout ? "old-layout " : ""}${oldChunks || "no"}-chunk record → ${newChunks}-chunk record`;
  test(`a power cut after every store change: ${name}`, () => {
    const report = cutEveryStep(oldChunks, newChunks, oldLayout);
    assertEqual(report.failures, []);
    assert(report.readNew > 0 && (oldChunks === 0 || report.readOld > 0), `cuts on both sides of the switch: ${report.readOld} old, ${report.readNew} new`);
  });
}

test("30 saves of 1-, 5- and 15-chunk records on one store, most cut at a random change: never a mix, never leftovers", () => {
  const life = chainOfCuts(20260115, 30);
  assertEqual(life.failures, []);
  assert(life.cut > 5 && life.completed > 5, `${life.cut} cut, ${life.completed} completed`);
});

await run("store");
