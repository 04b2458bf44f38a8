// The ESS policy per colour and the applier's bookkeeping, run on the real XS engine.
import { APPLIER_CHECKS, PLAN_CASES, runPlanCase } from "../victron/ess-cases";
import { assert, run, test } from "./harness";

for (const c of PLAN_CASES) {
  test(`ess plan: ${c.name}`, () => {
    const failures = runPlanCase(c);
    assert(failures.length === 0, failures.join("\n"));
  });
}

for (const check of APPLIER_CHECKS) {
  test(`ess applier: ${check.name}`, () => {
    const failures = check.run();
    assert(failures.length === 0, failures.join("\n"));
  });
}

await run("victron");
