// After the blue evening's overrun clears (19:20), the shed and held-back loads come back one at a time, the most
// important first: a breaker must never see two loads start together, and the living room is warm before the boiler.
import { join } from "node:path";
import { runScenario } from "../../host-sim/scenario/run";

interface Line {
  at: string;
  type: string;
  [key: string]: unknown;
}

jest.setTimeout(120_000); // two simulated hours through the real encoder and decoder; no duration is asserted

const COOKING_DONE_MS = Date.parse("2026-01-13T19:20:00+01:00");

describe("blue evening overload: restoring after the overrun", () => {
  let lines: Line[];

  beforeAll(async () => {
    lines = [];
    const code = await runScenario({
      file: join(__dirname, "../../host-sim/scenarios/blue-evening-overload.json"),
      fast: true,
      out: (l) => void lines.push(JSON.parse(l) as Line),
    });
    expect(code).toBe(0);
  });

  const onsAfterOverrun = () => lines.filter((l) => l.type === "load" && l.on === true && Date.parse(l.at) > COOKING_DONE_MS);

  test("living, bedroom and boiler were all off at 19:20 (shed or held back by the overrun)", () => {
    for (const id of ["living", "bedroom", "boiler"]) {
      const before = lines.filter((l) => l.type === "load" && l.id === id && Date.parse(l.at) <= COOKING_DONE_MS);
      expect(before.length).toBeGreaterThan(0);
      expect(before[before.length - 1]).toEqual(expect.objectContaining({ on: false }));
    }
  });

  test("each comes back once, in priority order: living (2), bedroom (3), boiler (4)", () => {
    const ons = onsAfterOverrun();
    expect(ons.map((l) => l.id)).toEqual(["living", "bedroom", "boiler"]);
    const times = ons.map((l) => Date.parse(l.at));
    expect(times[0]).toBeLessThan(times[1]);
    expect(times[1]).toBeLessThan(times[2]);
  });

  test("never two loads switched on at the same instant after the overrun", () => {
    const byInstant = new Map<number, string[]>();
    for (const l of onsAfterOverrun()) {
      const atMs = Date.parse(l.at);
      byInstant.set(atMs, [...(byInstant.get(atMs) ?? []), String(l.id)]);
    }
    const together = Array.from(byInstant.entries()).filter(([, ids]) => ids.length > 1);
    expect(together).toEqual([]);
  });

  test("each restore waits the quiet time after the previous one, and none is undone", () => {
    const ons = onsAfterOverrun();
    // The restore hold (overloadRestoreHoldMs, 60 s by default) applies before each load.
    expect(Date.parse(ons[0].at) - COOKING_DONE_MS).toBeGreaterThanOrEqual(60_000);
    for (let i = 1; i < ons.length; i++) expect(Date.parse(ons[i].at) - Date.parse(ons[i - 1].at)).toBeGreaterThanOrEqual(60_000);
    const offsAfter = lines.filter((l) => l.type === "load" && l.on === false && Date.parse(l.at) > COOKING_DONE_MS);
    expect(offsAfter).toEqual([]);
    // The fridge (priority 0) was never touched.
    expect(lines.filter((l) => l.type === "load" && l.id === "fridge").every((l) => l.on === true)).toBe(true);
  });
});
