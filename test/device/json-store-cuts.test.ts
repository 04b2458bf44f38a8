// A power cut at every store change while a record of 1, 5 or 15 chunks is saved: the record reads as the old or the
// new value, never absent, never damaged; the next save sweeps the leftovers. Also from the layout older boxes have.
import { chainOfCuts, cutEveryStep } from "./store-cuts";

const SIZES = [1, 5, 15];

describe("a power cut at every store change during a save", () => {
  for (const oldChunks of [0, ...SIZES]) {
    for (const newChunks of SIZES) {
      test(`${oldChunks || "no"}-chunk record → ${newChunks}-chunk record`, () => {
        const report = cutEveryStep(oldChunks, newChunks);
        expect(report.failures).toEqual([]);
        // The cuts do fall on both sides of the switch: some leave the old value, some the new one.
        if (oldChunks > 0) expect(report.readOld).toBeGreaterThan(0);
        expect(report.readNew).toBeGreaterThan(0);
        expect(report.changes).toBeGreaterThanOrEqual(newChunks);
      });
    }
  }
});

describe("a power cut at every store change during the first save over the old layout (key, key_1, …)", () => {
  for (const oldChunks of SIZES) {
    for (const newChunks of SIZES) {
      test(`old ${oldChunks}-chunk record → ${newChunks}-chunk record`, () => {
        const report = cutEveryStep(oldChunks, newChunks, true);
        expect(report.failures).toEqual([]);
        expect(report.readOld).toBeGreaterThan(0);
        expect(report.readNew).toBeGreaterThan(0);
      });
    }
  }
});

test("200 saves of 1-, 5- and 15-chunk records on one store, most cut at a random change: never a mix, never leftovers", () => {
  const life = chainOfCuts(20260115, 200);
  expect(life.failures).toEqual([]);
  expect(life.cut).toBeGreaterThan(50);
  expect(life.completed).toBeGreaterThan(30);
});
