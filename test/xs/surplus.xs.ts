// The surplus router's PV days and scenarios, run on the real XS engine (30 s steps: the same days, fewer steps).
import { ROUTER_CHECKS } from "../surplus/router-cases";
import { assert, run, test } from "./harness";

for (const check of ROUTER_CHECKS) {
  test(`surplus: ${check.name}`, () => {
    const failures = check.run(30_000);
    assert(failures.length === 0, failures.join("\n"));
  });
}

await run("surplus");
