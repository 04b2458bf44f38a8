import { gateScenarios } from "./verify-gate-scenarios";

const check = {
  equal: (actual: unknown, expected: unknown, message: string) => expect({ [message]: actual }).toEqual({ [message]: expected }),
  ok: (condition: unknown, message: string) => expect({ [message]: Boolean(condition) }).toEqual({ [message]: true }),
};

describe("pair-verify M1 gate", () => {
  test.each(gateScenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    await scenario.run(check);
  });
});
