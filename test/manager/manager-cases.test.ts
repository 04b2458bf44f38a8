// The energy-manager checks shared with the XS lane (test/xs/manager.xs.ts).
import { MANAGER_CHECKS } from "./manager-cases";

test.each(MANAGER_CHECKS.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  expect(c.run()).toEqual([]);
});
