// The policy table and a load kind defined outside src/ (pool-pump), run on the real XS engine.
import { NEW_KIND_CHECKS } from "../loads/new-kind-cases";
import { POLICY_CASES, policyCoverage, RULE_ORDER, runPolicyCase } from "../loads/policy-cases";
import { POLICY_RULES } from "../../src/loads/policy";
import { assert, assertEqual, run, test } from "./harness";

for (const c of POLICY_CASES) {
  test(`policy: ${c.name} → ${c.rule}/${c.reason}/${c.level}`, () => {
    const failures = runPolicyCase(c);
    assert(failures.length === 0, failures.join("\n"));
  });
}

test("policy: every rule is hit, in the documented order", () => {
  assertEqual(policyCoverage(), []);
  assertEqual(POLICY_RULES.map((r) => r.name), RULE_ORDER);
});

for (const check of NEW_KIND_CHECKS) {
  test(`new kind: ${check.name}`, () => {
    const failures = check.run();
    assert(failures.length === 0, failures.join("\n"));
  });
}

await run("loads");
