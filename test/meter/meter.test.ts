// The meter slice's contract values: the subscribed power and the phase count are taken from the meter's first word,
// then change only when CONTRACT_CONFIRM_FRAMES frames in a row say the same new value.
import { CONTRACT_CONFIRM_FRAMES, initialMeter, limitVA, onReading, watchMeter, type MeterState } from "../../src/meter/meter";
import type { TicReading } from "../../src/tic/types";
import { reading } from "../app/readings";

/** A reading as a three-phase (or single-phase) historic frame gives it; `subscribedVA: undefined` = the frame lacks it. */
function frame(subscribedVA: number | undefined, phases: 1 | 3 | undefined = 3): TicReading {
  const r = reading({ colour: "blue", period: "hp", powerVA: 1200 });
  if (subscribedVA === undefined) delete r.subscribedPowerVA;
  else r.subscribedPowerVA = subscribedVA;
  if (phases !== undefined) r.phases = phases;
  return r;
}

function play(frames: TicReading[], from: MeterState = initialMeter()): { meter: MeterState; limits: number[] } {
  let meter = from;
  const limits: number[] = [];
  frames.forEach((f, i) => {
    meter = onReading(meter, f, i * 1500, 0, true);
    limits.push(limitVA(meter, 6000));
  });
  return { meter, limits };
}

test("two frames in a row are what confirms a change", () => {
  expect(CONTRACT_CONFIRM_FRAMES).toBe(2);
});

test("the first value the meter gives is in force at once (the fallback is only a guess)", () => {
  expect(play([frame(undefined, undefined), frame(18000)]).limits).toEqual([6000, 18000]);
});

test("a frame that lacks the subscribed power, or shows a different one once, changes nothing", () => {
  const { meter, limits } = play([frame(18000), frame(undefined), frame(6000), frame(18000), frame(6000), frame(undefined, undefined), frame(18000)]);
  expect(limits).toEqual([18000, 18000, 18000, 18000, 18000, 18000, 18000]);
  expect([meter.subscribedVA, meter.phases, meter.pendingSubscribedVA]).toEqual([18000, 3, null]);
});

test("a new value seen in two frames in a row that carry it is taken; frames without it in between do not break the run", () => {
  expect(play([frame(18000), frame(12000), frame(undefined), frame(12000), frame(12000)]).limits).toEqual([18000, 18000, 18000, 12000, 12000]);
});

test("the value in force between two different ones restarts the count", () => {
  expect(play([frame(18000), frame(12000), frame(18000), frame(12000), frame(12000)]).limits).toEqual([18000, 18000, 18000, 18000, 12000]);
});

test("a frame that contradicts the phase count in force says nothing about the subscribed power (ISOUSC is per phase)", () => {
  // A three-phase 30 A meter: a frame read as single-phase computes 6000 VA twice in a row, and is ignored both times.
  const { meter, limits } = play([frame(18000), frame(6000, 1), frame(18000), frame(6000, 1), frame(6000, 1)]);
  expect(limits).toEqual([18000, 18000, 18000, 18000, 18000]);
  // ...until the phase count itself is confirmed (two frames): then the subscription follows at its own pace.
  expect(meter.phases).toBe(1);
  expect(play([frame(6000, 1)], meter).limits).toEqual([6000]);
});

test("a meter loss keeps the contract in force: the first frames back cannot move it alone", () => {
  let { meter } = play([frame(18000), frame(18000)]);
  meter = watchMeter(meter, 0, 120_000, 10_000)?.state ?? meter;
  expect(meter.status).toBe("lost");
  expect(play([frame(6000), frame(18000)], meter).limits).toEqual([18000, 18000]);
});
