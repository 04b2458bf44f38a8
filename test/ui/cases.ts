// Table tests of the button gestures, LED patterns and factory reset, shared by jest and the XS lane.
// Node-free on purpose: test/ui/*.test.ts and test/xs/device.xs.ts both run every case, so the lanes cannot drift.
import type { ButtonAction } from "../../src/ui/button";
import type { LedPatternName } from "../../src/ui/led-patterns";

/** Raw pin edges ("down"/"up"), ticks, and the actions expected at each step (time in ms from boot). */
export interface ButtonCase {
  name: string;
  bootPressed?: boolean;
  steps: readonly (readonly [atMs: number, input: "down" | "up" | "tick", expect: readonly ButtonAction[]])[];
}

const toggle: ButtonAction = { type: "toggle-mode" };
const armed: ButtonAction = { type: "led", button: "reset-armed" };
const ready: ButtonAction = { type: "led", button: "reset-ready" };
const ledNone: ButtonAction = { type: "led", button: "none" };
const reset: ButtonAction = { type: "factory-reset" };

export const BUTTON_CASES: readonly ButtonCase[] = [
  { name: "short press toggles the mode on release", steps: [[1000, "down", []], [1040, "tick", []], [1200, "up", []], [1240, "tick", [toggle]]] },
  { name: "bounce on press and release still gives one toggle", steps: [[1000, "down", []], [1003, "up", []], [1006, "down", []], [1009, "up", []], [1012, "down", []], [1060, "tick", []], [1300, "up", []], [1302, "down", []], [1305, "up", []], [1340, "tick", [toggle]], [1400, "tick", []]] },
  { name: "a 10 ms glitch is not a press", steps: [[1000, "down", []], [1010, "up", []], [1100, "tick", []], [2000, "tick", []]] },
  { name: "hold 3 s arms (fast blink), release at 5 s does nothing", steps: [[1000, "down", []], [1040, "tick", []], [3990, "tick", []], [4000, "tick", [armed]], [6000, "up", []], [6040, "tick", [ledNone]]] },
  { name: "hold past 10 s (LED out) then release resets", steps: [[1000, "down", []], [1050, "tick", []], [4020, "tick", [armed]], [10990, "tick", []], [11000, "tick", [ready]], [12000, "up", []], [12030, "tick", [ledNone, reset]]] },
  { name: "release just before 10 s does nothing", steps: [[1000, "down", []], [4000, "tick", [armed]], [10980, "up", []], [11020, "tick", [ledNone]], [20000, "tick", []]] },
  { name: "a late tick jumps straight to ready", steps: [[1000, "down", []], [1030, "tick", []], [11500, "tick", [ready]], [11600, "up", []], [11700, "tick", [ledNone, reset]]] },
  { name: "held 30 s is stuck: cancelled, release does nothing", steps: [[1000, "down", []], [4000, "tick", [armed]], [11000, "tick", [ready]], [31000, "tick", [ledNone]], [40000, "up", []], [40100, "tick", []]] },
  { name: "pressed at boot never resets, even held 20 s", bootPressed: true, steps: [[4000, "tick", []], [11000, "tick", []], [20000, "up", []], [20100, "tick", []]] },
  { name: "after a stuck boot press is released, the button works", bootPressed: true, steps: [[15000, "up", []], [15100, "tick", []], [16000, "down", []], [16100, "tick", []], [16300, "up", []], [16400, "tick", [toggle]]] },
];

/** LED level expected at times after a pattern started (1 = lit). */
export interface LedPatternCase {
  pattern: LedPatternName;
  samples: readonly (readonly [elapsedMs: number, lit: 0 | 1])[];
}

export const LED_PATTERN_CASES: readonly LedPatternCase[] = [
  { pattern: "normal", samples: [[0, 1], [500, 1], [999, 1], [1000, 1], [123456, 1]] },
  { pattern: "not-paired", samples: [[0, 1], [149, 1], [150, 0], [399, 0], [400, 1], [549, 1], [550, 0], [2999, 0], [3000, 1], [3400, 1], [3600, 0]] },
  { pattern: "reset-armed", samples: [[0, 1], [99, 1], [100, 0], [199, 0], [200, 1], [350, 0]] },
  { pattern: "reset-ready", samples: [[0, 0], [500, 0], [5000, 0]] },
  { pattern: "meter-lost", samples: [[0, 1], [999, 1], [1000, 0], [1999, 0], [2000, 1]] },
  { pattern: "wifi-lost", samples: [[0, 1], [149, 1], [150, 0], [2999, 0], [3000, 1]] },
  { pattern: "access-point", samples: [[0, 1], [1799, 1], [1800, 0], [1999, 0], [2000, 1]] },
  { pattern: "overload-unresolved", samples: [[0, 1], [249, 1], [250, 0], [500, 1]] },
  { pattern: "refused", samples: [[0, 1], [80, 0], [160, 1], [240, 0], [320, 1], [480, 1], [560, 0], [1500, 0]] },
  { pattern: "off", samples: [[0, 0], [1000, 0]] },
];

/** Conditions over time and the pattern the blue LED must show (priority between conditions). */
export interface LedStatusCase {
  name: string;
  steps: readonly (readonly [atMs: number, change: LedChange, expect: LedPatternName])[];
}

export type LedChange =
  | { connectivity: "booting" | "paired" | "not-paired" | "access-point" | "wifi-lost" }
  | { engine: "normal" | "meter-lost" | "overload-unresolved" }
  | { button: "none" | "reset-armed" | "reset-ready" }
  | "refused"
  | "none";

export const LED_STATUS_CASES: readonly LedStatusCase[] = [
  { name: "boot, then unpaired, then paired", steps: [[0, "none", "off"], [100, { connectivity: "not-paired" }, "not-paired"], [5000, { connectivity: "paired" }, "normal"]] },
  { name: "meter lost outranks Wi-Fi lost; both clear back to normal", steps: [[0, { connectivity: "paired" }, "normal"], [10, { connectivity: "wifi-lost" }, "wifi-lost"], [20, { engine: "meter-lost" }, "meter-lost"], [30, { connectivity: "paired" }, "meter-lost"], [40, { engine: "normal" }, "normal"]] },
  { name: "a refusal shows for 2 s then the previous pattern returns", steps: [[0, { connectivity: "paired" }, "normal"], [1000, "refused", "refused"], [2999, "none", "refused"], [3000, "none", "normal"]] },
  { name: "the button's reset feedback outranks everything", steps: [[0, { connectivity: "access-point" }, "access-point"], [10, { engine: "overload-unresolved" }, "overload-unresolved"], [20, { button: "reset-armed" }, "reset-armed"], [30, "refused", "reset-armed"], [40, { button: "reset-ready" }, "reset-ready"], [50, { button: "none" }, "refused"], [3000, "none", "overload-unresolved"]] },
];

/** Store contents before a factory reset, and which keys must be gone or kept afterwards. */
export const FACTORY_RESET_CASE = {
  before: {
    "wifi.ssid": "Maison",
    "wifi.pass": "secret-wpa",
    "ap.pass": "123456789",
    "hk.setupCode": "482-91-375",
    "hk.id": "identity",
    "hk.pair.0": "pairing 0",
    "hk.pair.1": "pairing 1",
    "hk.idx": "index",
    "hk.fails": "7",
    "hk.cfg": "3",
    "app.settings": "{}",
    "app.mode": "HEAT",
    "app.override": "{}",
    "tic.mode": "standard",
    "fx.serial": "DL-000123",
    "fx.hwrev": "B",
    "zz.future": "a key nobody listed",
  } as Readonly<Record<string, string>>,
  mustKeep: ["fx.hwrev", "fx.resets", "fx.serial"],
  mustErase: ["app.mode", "app.override", "app.settings", "ap.pass", "hk.cfg", "hk.fails", "hk.id", "hk.idx", "hk.pair.0", "hk.pair.1", "hk.setupCode", "tic.mode", "wifi.pass", "wifi.ssid", "zz.future"],
};
