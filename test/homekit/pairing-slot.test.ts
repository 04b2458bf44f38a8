import { slotScenarios } from "./pairing-slot-scenarios";

const check = {
  equal: (actual: unknown, expected: unknown, message: string) => expect({ [message]: actual }).toEqual({ [message]: expected }),
  ok: (condition: unknown, message: string) => expect({ [message]: Boolean(condition) }).toEqual({ [message]: true }),
};

describe("pair-setup slot rules on a virtual clock", () => {
  test.each(slotScenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    await scenario.run(check);
  });
});
