import { LED_PATTERNS, isLedPatternName, ledLevelAt, selectPattern, type LedPatternName } from "../../src/ui/led-patterns";
import { LED_PATTERN_CASES, LED_STATUS_CASES } from "./cases";
import { runLedPatternCase, runLedStatusCase } from "./check";

describe("LED pattern table", () => {
  for (const c of LED_PATTERN_CASES) {
    test(`${c.pattern} blinks as the owner's manual says`, () => {
      const { expected, actual } = runLedPatternCase(c);
      expect(actual).toEqual(expected);
    });
  }

  test("every pattern has a test case, and the table is frozen", () => {
    const names = Object.keys(LED_PATTERNS);
    expect(LED_PATTERN_CASES.map((c) => c.pattern).sort()).toEqual(names.sort());
    expect(Object.isFrozen(LED_PATTERNS)).toBe(true);
    expect(Object.isFrozen(LED_PATTERNS["not-paired"].spans[0])).toBe(true);
  });

  test("patterns are distinct: no two light the LED identically over 6 s", () => {
    const names = Object.keys(LED_PATTERNS) as LedPatternName[];
    const shape = (n: LedPatternName) => Array.from({ length: 600 }, (_, i) => (ledLevelAt(n, i * 10) ? "1" : "0")).join("");
    const shapes = new Map<string, LedPatternName>();
    for (const n of names) {
      const s = shape(n);
      // "off" and "reset-ready" are both dark on purpose: the LED going out is the reset cue.
      if (shapes.has(s)) expect([shapes.get(s), n].sort()).toEqual(["off", "reset-ready"]);
      shapes.set(s, n);
    }
  });

  test("priorities are unique, so selection never depends on order", () => {
    const priorities = Object.values(LED_PATTERNS).map((p) => p.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
    expect(selectPattern(["normal", "meter-lost", "not-paired"])).toBe("meter-lost");
    expect(selectPattern(["not-paired", "meter-lost", "normal"])).toBe("meter-lost");
    expect(selectPattern([])).toBe("off");
  });

  test("the Controller's LED names are all in the table", () => {
    for (const n of ["normal", "refused", "meter-lost", "overload-unresolved"]) expect(isLedPatternName(n)).toBe(true);
    expect(isLedPatternName("toString")).toBe(false);
  });
});

describe("LED status: conditions over time", () => {
  for (const c of LED_STATUS_CASES) {
    test(c.name, () => {
      const { expected, actual } = runLedStatusCase(c);
      expect(actual).toEqual(expected);
    });
  }
});
