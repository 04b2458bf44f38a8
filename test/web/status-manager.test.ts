// The status page's water-heater and heat-pump lines (shared cases, also run on XS by test/xs/web.xs.ts).
import { STATUS_MANAGER_CASES } from "./status-manager-cases";

for (const c of STATUS_MANAGER_CASES) {
  test(c.name, async () => {
    const { actual, expected } = await c.run();
    expect(actual).toEqual(expected);
  });
}
