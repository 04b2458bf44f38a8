// Slot budget of a dispatch that changes nothing, on the real XS engine (xsnap: slots are counted exactly, so this is
// deterministic, unlike a time): most frames and ticks must cost next to nothing on the chip and reach no observer.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

/**
 * Issue #17: a reading or a tick that changes nothing allocates at most this many heap slots (1.6 KB on the chip's
 * 16-byte slots). The chip measured 749 per reading before; with ~2.5 dispatches per frame that churn filled its heap.
 */
const QUIET_DISPATCH_SLOTS = 100;
const QUIET = ["reading, no change", "reading, power moved", "tick, no change"];

interface Cost {
  slots: number;
  effects: number;
  published: number;
  snapshots: number;
}

/** bench/xs/engine-slots.mjs: builds the xsnap-heap runner on first use (about a minute), then ~2 s. */
function measured(): Record<string, Record<string, Cost>> {
  const run = spawnSync(process.execPath, [join(__dirname, "../../bench/xs/engine-slots.mjs")], { encoding: "utf8", timeout: 280_000 });
  if (run.status !== 0) throw new Error(`engine-slots failed (exit ${run.status}): ${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout).results;
}

describe("a dispatch that changes nothing, on XS", () => {
  let results: Record<string, Record<string, Cost>>;
  beforeAll(() => {
    results = measured();
  }, 300_000);

  test.each(["board", "six", "board, Device + observer"])("%s: ≤ 100 slots, no fact, no observer, no snapshot", (target) => {
    for (const workload of QUIET) {
      const c = results[target][workload];
      expect({ workload, ...c, slots: c.slots <= QUIET_DISPATCH_SLOTS ? "within budget" : c.slots }).toEqual({
        workload,
        ...c,
        slots: "within budget",
        effects: 0,
        published: 0,
        snapshots: 0,
      });
    }
  });

  test("the measure sees a dispatch that does change something (facts, an update, allocation)", () => {
    const c = results["board, Device + observer"]["reading, red peak begins"];
    expect(c.effects).toBe(4); // the tariff, and the three loads shed
    expect(c.published).toBe(1);
    expect(c.slots).toBeGreaterThan(QUIET_DISPATCH_SLOTS);
  });
});
