// The energy manager on the real XS engine: the new kinds, the tank arithmetic, a red day and a legionella night on
// the Controller, and the SSE writer (ring, Last-Event-ID, slow readers dropped, keep-alives cleared).
import { MANAGER_CHECKS } from "../manager/manager-cases";
import { assert, run, test } from "./harness";

for (const check of MANAGER_CHECKS) {
  test(`manager: ${check.name}`, () => {
    const failures = check.run();
    assert(failures.length === 0, failures.join("\n"));
  });
}

await run("manager");
