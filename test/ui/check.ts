// Runs the shared ui/device tables and returns what actually happened, for either lane to compare.
// Node-free: used by test/ui/*.test.ts (jest) and test/xs/device.xs.ts (XS).
import { initialButtonState, transition, type ButtonAction } from "../../src/ui/button";
import { ledLevelAt, type LedPatternName } from "../../src/ui/led-patterns";
import { LedStatus } from "../../src/ui/led-status";
import { factoryReset } from "../../src/device/factory-reset";
import { MemoryStore } from "../../src/device/memory-store";
import { FACTORY_RESET_CASE, type ButtonCase, type LedPatternCase, type LedStatusCase } from "./cases";

export function runButtonCase(c: ButtonCase): { expected: ButtonAction[][]; actual: ButtonAction[][] } {
  let state = transition(initialButtonState(0), { type: "boot", pressed: c.bootPressed === true }, 0).state;
  const expected: ButtonAction[][] = [];
  const actual: ButtonAction[][] = [];
  for (const [atMs, input, expect] of c.steps) {
    const event = input === "tick" ? ({ type: "tick" } as const) : ({ type: "level", pressed: input === "down" } as const);
    const result = transition(state, event, atMs);
    state = result.state;
    expected.push(expect.slice());
    actual.push(result.actions);
  }
  return { expected, actual };
}

export function runLedPatternCase(c: LedPatternCase): { expected: number[]; actual: number[] } {
  return {
    expected: c.samples.map(([, lit]) => lit),
    actual: c.samples.map(([elapsedMs]) => (ledLevelAt(c.pattern, elapsedMs) ? 1 : 0)),
  };
}

export function runLedStatusCase(c: LedStatusCase): { expected: LedPatternName[]; actual: LedPatternName[] } {
  const status = new LedStatus(0);
  const actual: LedPatternName[] = [];
  for (const [atMs, change] of c.steps) {
    if (change === "refused") status.showRefused(atMs);
    else if (change !== "none") status.update(change, atMs);
    actual.push(status.pattern(atMs));
  }
  return { expected: c.steps.map(([, , expect]) => expect), actual };
}

export function runFactoryResetCase(): { keys: string[]; missing: string[]; leaked: string[] } {
  const store = new MemoryStore();
  for (const [key, value] of Object.entries(FACTORY_RESET_CASE.before)) store.set(key, utf8(value));
  factoryReset(store);
  const keys = store.keys();
  return {
    keys,
    missing: FACTORY_RESET_CASE.mustKeep.filter((k) => !keys.includes(k)),
    leaked: FACTORY_RESET_CASE.mustErase.filter((k) => keys.includes(k)),
  };
}

function utf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
