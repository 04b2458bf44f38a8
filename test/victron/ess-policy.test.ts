// The ESS policy per colour and the applier's bookkeeping, as tables (the same run on XS in test/xs/victron.xs.ts).
import { APPLIER_CHECKS, PLAN_CASES, runPlanCase } from "./ess-cases";

describe("ESS plan per colour and hour", () => {
  for (const c of PLAN_CASES) test(c.name, () => expect(runPlanCase(c)).toEqual([]));
});

describe("ESS applier", () => {
  for (const check of APPLIER_CHECKS) test(check.name, () => expect(check.run()).toEqual([]));
});
