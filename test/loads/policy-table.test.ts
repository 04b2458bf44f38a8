// The shedding policy as one table (load × context → rule, reason, level), also run on XS by test/xs/loads.xs.ts.
import { POLICY_RULES } from "../../src/loads/policy";
import { POLICY_CASES, RULE_ORDER, policyCoverage, runPolicyCase } from "./policy-cases";

describe("policy table: decide(load, context) → rule, reason, level", () => {
  test.each(POLICY_CASES.map((c) => [`${c.name} → ${c.rule}/${c.reason}/${c.level}`, c] as const))("%s", (_name, c) => {
    expect(runPolicyCase(c)).toEqual([]);
  });

  test("every rule of POLICY_RULES is hit by at least one case", () => {
    expect(policyCoverage()).toEqual([]);
    // The check itself finds a rule no case hits.
    expect(policyCoverage(POLICY_CASES.filter((c) => c.rule !== "meter-lost"))).toEqual(["rule meter-lost is hit by no case"]);
  });

  test("the rules are tried in the documented order", () => {
    expect(POLICY_RULES.map((r) => r.name)).toEqual(RULE_ORDER);
  });

  test("a case that expects the wrong rule is reported (the runner can fail)", () => {
    const wrong = { ...POLICY_CASES[0], rule: "run", reason: "normal" as const, level: "normal" as const };
    expect(runPolicyCase(wrong)).toHaveLength(1);
  });
});
