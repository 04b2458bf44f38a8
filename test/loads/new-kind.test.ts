// A new load kind needs no change in the reducer: one entry passed to validateSettings and the Controller
// (the checks are shared with the XS lane, test/xs/loads.xs.ts).
import { NEW_KIND_CHECKS, withPoolPump } from "./new-kind-cases";
import { validateSettings } from "../../src/settings/validate";

describe("a new load kind (pool-pump) defined outside src/", () => {
  for (const check of NEW_KIND_CHECKS) {
    test(check.name, () => {
      expect(check.run()).toEqual([]);
    });
  }

  test("its own field's lower bound is enforced too (0 h)", () => {
    const kinds = withPoolPump();
    const r = validateSettings({ loads: [{ id: "pool", kind: "pool-pump", nominalPowerW: 1500, filtrationHours: 0 }] }, kinds);
    expect(r.ok ? [] : r.errors).toEqual([{ field: "loads[0].filtrationHours", message: "must be between 1 and 24, got 0" }]);
  });
});
