import { robustnessScenarios } from "./server-robustness-scenarios";

const check = {
  equal: (actual: unknown, expected: unknown, message: string) => expect({ [message]: actual }).toEqual({ [message]: expected }),
  ok: (condition: unknown, message: string) => expect({ [message]: Boolean(condition) }).toEqual({ [message]: true }),
};

describe("HapServer robustness on a virtual clock", () => {
  test.each(robustnessScenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    await scenario.run(check);
  });
});
