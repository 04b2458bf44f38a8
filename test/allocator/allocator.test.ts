// Priority allocator: examples and the properties the issue asks for.
import fc from "fast-check";
import { allocate, type AllocationRequest } from "../../src/allocator/allocator";

const request = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  priority: fc.integer({ min: 0, max: 4 }),
  requestedW: fc.integer({ min: 0, max: 5000 }),
  modulating: fc.boolean(),
});
const requests = fc.array(request, { maxLength: 12 });
const total = fc.integer({ min: -1000, max: 20000 });

describe("allocator", () => {
  test("fits by priority; a modulating load takes what is left; a big one gets nothing", () => {
    const out = allocate(5000, [
      { id: "boiler", priority: 4, requestedW: 2500, modulating: false },
      { id: "living", priority: 2, requestedW: 2000, modulating: false },
      { id: "pump", priority: 1, requestedW: 1500, modulating: false },
      { id: "ev", priority: 3, requestedW: 7000, modulating: true },
    ]);
    expect(out.map((a) => [a.id, a.allocatedW, a.availableW])).toEqual([
      ["boiler", 0, 0],
      ["living", 2000, 3500],
      ["pump", 1500, 5000],
      ["ev", 1500, 1500],
    ]);
  });

  test("property: the sum allocated never exceeds the total, nor any request", () => {
    fc.assert(
      fc.property(total, requests, (t, rs) => {
        const out = allocate(t, rs);
        const sum = out.reduce((s, a) => s + a.allocatedW, 0);
        expect(sum).toBeLessThanOrEqual(Math.max(0, t));
        out.forEach((a, i) => {
          expect(a.allocatedW).toBeGreaterThanOrEqual(0);
          expect(a.allocatedW).toBeLessThanOrEqual(Math.max(0, rs[i].requestedW));
        });
      }),
    );
  });

  test("property: a higher priority is never starved for a lower one", () => {
    fc.assert(
      fc.property(total, requests, (t, rs) => {
        const out = allocate(t, rs);
        rs.forEach((hi, i) => {
          const shortW = Math.max(0, hi.requestedW) - out[i].allocatedW;
          if (shortW <= 0) return;
          // Whatever went to strictly lower priorities would not have covered what this one lacks...
          let lowerW = 0;
          rs.forEach((lo, j) => {
            if (lo.priority > hi.priority) lowerW += out[j].allocatedW;
          });
          expect(lowerW).toBeLessThan(shortW);
          // ...and removing every lower-priority request does not change its share.
          const without: AllocationRequest[] = rs.filter((lo) => lo.priority <= hi.priority);
          const again = allocate(t, without);
          expect(again[without.indexOf(hi)].allocatedW).toBe(out[i].allocatedW);
        });
      }),
    );
  });

  test("equal priorities keep the caller's order (rotation relies on it)", () => {
    const rs = [
      { id: "a", priority: 2, requestedW: 1000, modulating: false },
      { id: "b", priority: 2, requestedW: 1000, modulating: false },
    ];
    expect(allocate(1500, rs).map((a) => a.allocatedW)).toEqual([1000, 0]);
    expect(allocate(1500, [rs[1], rs[0]]).map((a) => a.id + a.allocatedW)).toEqual(["b1000", "a0"]);
  });
});
