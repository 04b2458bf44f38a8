// XS lane for the box's own logic: button gestures, LED patterns and status, factory reset, on the real XS engine.
// Runs the very tables jest runs (test/ui/cases.ts), so the two lanes cannot drift.
import { assertEqual, run, test } from "./harness";
import { BUTTON_CASES, LED_PATTERN_CASES, LED_STATUS_CASES } from "../ui/cases";
import { runButtonCase, runFactoryResetCase, runLedPatternCase, runLedStatusCase } from "../ui/check";

for (const c of BUTTON_CASES) {
  test(`button: ${c.name}`, () => {
    const { expected, actual } = runButtonCase(c);
    assertEqual(actual, expected);
  });
}

for (const c of LED_PATTERN_CASES) {
  test(`led pattern: ${c.pattern}`, () => {
    const { expected, actual } = runLedPatternCase(c);
    assertEqual(actual, expected);
  });
}

for (const c of LED_STATUS_CASES) {
  test(`led status: ${c.name}`, () => {
    const { expected, actual } = runLedStatusCase(c);
    assertEqual(actual, expected);
  });
}

test("factory reset erases exactly what it must", () => {
  const { missing, leaked } = runFactoryResetCase();
  assertEqual(missing, [], "keys that must survive");
  assertEqual(leaked, [], "keys that must be erased");
});

await run("device");
