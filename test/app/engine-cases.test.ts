// Runs the shared engine tables (also run on XS by test/xs/engine.xs.ts) under jest.
import { ENGINE_CASES, runEngineCase } from "./engine-cases";

describe("engine tables", () => {
  for (const c of ENGINE_CASES) {
    test(c.name, () => {
      expect(runEngineCase(c)).toEqual([]);
    });
  }
});
