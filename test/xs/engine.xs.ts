// The shedding engine's shared table tests and French-time arithmetic, run on the real XS engine.
import { ENGINE_CASES, runEngineCase } from "../app/engine-cases";
import { formatLocalIso, parseIsoWithOffset } from "../../src/tariff/local-time";
import { allocate } from "../../src/allocator/allocator";
import { assert, assertEqual, run, test } from "./harness";

for (const c of ENGINE_CASES) {
  test(c.name, () => {
    const failures = runEngineCase(c);
    assert(failures.length === 0, failures.join("\n"));
  });
}

test("CET/CEST switch instants without Intl", () => {
  assertEqual(formatLocalIso(Date.UTC(2026, 2, 29, 0, 59, 59)), "2026-03-29T01:59:59+01:00");
  assertEqual(formatLocalIso(Date.UTC(2026, 2, 29, 1, 0, 0)), "2026-03-29T03:00:00+02:00");
  assertEqual(formatLocalIso(Date.UTC(2026, 9, 25, 0, 59, 59)), "2026-10-25T02:59:59+02:00");
  assertEqual(formatLocalIso(Date.UTC(2026, 9, 25, 1, 0, 0)), "2026-10-25T02:00:00+01:00");
  assertEqual(parseIsoWithOffset("2026-07-01T12:00:00+02:00"), Date.UTC(2026, 6, 1, 10));
});

test("allocator hands out by priority", () => {
  const out = allocate(3000, [
    { id: "a", priority: 4, requestedW: 2000, modulating: false },
    { id: "b", priority: 1, requestedW: 2000, modulating: false },
    { id: "c", priority: 2, requestedW: 2000, modulating: true },
  ]);
  assertEqual(out.map((x) => x.allocatedW), [0, 2000, 1000]);
});

await run("engine");
