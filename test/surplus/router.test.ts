// The surplus router on PV days (virtual time, 10 s steps) and small scenarios; the same checks run on XS.
import { ROUTER_CHECKS } from "./router-cases";

describe("surplus router", () => {
  for (const check of ROUTER_CHECKS) test(check.name, () => expect(check.run(10_000)).toEqual([]));
});
