// HapServer robustness on the real XS engine: pair-setup slot time-out, idle unverified connections, eviction,
// link loss and timed writes, on a virtual clock (the same scenarios jest runs in test/homekit/server-robustness).
import { robustnessScenarios } from "../homekit/server-robustness-scenarios";
import { assert, assertEqual, run, test } from "./harness";

const check = {
  equal: (actual: unknown, expected: unknown, message: string) => assertEqual(actual, expected, message),
  ok: (condition: unknown, message: string) => assert(condition, message),
};
for (const scenario of robustnessScenarios) test(`robustness: ${scenario.name}`, () => scenario.run(check));

await run("homekit-robustness");
