// Table tests of the engine (time, input, expected effects), shared by jest and the XS lane.
// Node-free: imports only src/ and plain helpers; never reads the clock.

import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import { PresentationTracker } from "../../src/publish/presentation";
import type { ControllerEvent, Effect, PersistedState } from "../../src/app/types";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { reading } from "./readings";

export interface EngineStep {
  /** French local time with offset, e.g. "2026-01-15T06:00:00+01:00". */
  at: string;
  event: ControllerEvent;
  /** Each must match (on the keys given) some effect of this step. */
  expect?: Partial<Record<string, unknown>>[];
  /** None may match any effect of this step. */
  absent?: Partial<Record<string, unknown>>[];
}

export interface EngineCase {
  name: string;
  settings: unknown;
  persisted?: PersistedState;
  start: string;
  steps: EngineStep[];
}

const HEATERS = [
  { id: "living", name: "Living room", kind: "fil-pilote-1", priority: 2, nominalPowerW: 2000 },
  { id: "bedroom", name: "Bedroom", kind: "fil-pilote-2", shedOrder: "arret", priority: 3, nominalPowerW: 1000 },
  { id: "boiler", name: "Water heater", kind: "relay", priority: 4, nominalPowerW: 2500 },
  { id: "fridge", name: "Fridge", kind: "relay", priority: 0, nominalPowerW: 200 },
];
const tick: ControllerEvent = { type: "tick" };
const frame = (spec: Parameters<typeof reading>[0]): ControllerEvent => ({ type: "tic-frame", reading: reading(spec) });

export const ENGINE_CASES: EngineCase[] = [
  {
    name: "red day: heaters shed at 06:00 local with red_peak, priority 0 stays on, back on at 22:00",
    settings: { loads: HEATERS },
    start: "2026-01-15T05:58:00+01:00",
    steps: [
      { at: "2026-01-15T05:58:00+01:00", event: frame({ colour: "blue", period: "hc", tomorrow: "red", powerVA: 6000 }),
        expect: [{ type: "load", id: "living", on: true }, { type: "load", id: "fridge", on: true }, { type: "tariff", colour: "blue", tomorrow: "red" }] },
      { at: "2026-01-15T06:00:00+01:00", event: tick,
        expect: [
          { type: "load", id: "living", on: false, reason: "red_peak", order: "hors-gel" },
          { type: "load", id: "bedroom", on: false, reason: "red_peak", order: "arret" },
          { type: "tariff", colour: "red", period: "hp" },
        ],
        absent: [{ type: "load", id: "fridge" }] },
      { at: "2026-01-15T06:00:01+01:00", event: frame({ colour: "red", period: "hp", powerVA: 700 }), absent: [{ type: "load" }] },
      { at: "2026-01-15T22:00:00+01:00", event: tick,
        expect: [{ type: "load", id: "living", on: true, reason: "normal", order: "confort" }, { type: "tariff", colour: "red", period: "hc" }] },
    ],
  },
  {
    name: "HEAT is refused on a red peak: mode stays AUTO, LED shows the refusal, HomeKit is told AUTO",
    settings: { loads: HEATERS },
    start: "2026-01-15T10:00:00+01:00",
    steps: [
      { at: "2026-01-15T10:00:00+01:00", event: frame({ colour: "red", period: "hp", powerVA: 800 }),
        expect: [{ type: "load", id: "living", on: false, reason: "red_peak" }] },
      { at: "2026-01-15T10:04:59+01:00", event: frame({ colour: "red", period: "hp", powerVA: 800 }) },
      { at: "2026-01-15T10:05:00+01:00", event: { type: "mode-request", mode: "HEAT", source: "homekit" },
        expect: [{ type: "refused", request: "HEAT", reason: "red_peak" }, { type: "led", pattern: "refused" }, { type: "homekit", target: "AUTO" }],
        absent: [{ type: "mode" }, { type: "load" }] },
      { at: "2026-01-15T10:05:06+01:00", event: frame({ colour: "red", period: "hp", powerVA: 800 }), expect: [{ type: "led", pattern: "normal" }] },
    ],
  },
  {
    name: "white peak: HEAT cancels shedding until 22:00, then AUTO by itself",
    settings: { loads: HEATERS },
    start: "2026-01-14T09:00:00+01:00",
    steps: [
      { at: "2026-01-14T09:00:00+01:00", event: frame({ colour: "white", period: "hp", powerVA: 800 }),
        expect: [{ type: "load", id: "living", on: false, reason: "white_peak" }] },
      { at: "2026-01-14T18:00:00+01:00", event: { type: "mode-request", mode: "HEAT", source: "button" },
        expect: [{ type: "mode", mode: "HEAT" }, { type: "load", id: "living", on: true, reason: "heat_mode" }, { type: "homekit", target: "HEAT" },
          { type: "persist", key: "owner" }] },
      { at: "2026-01-14T22:00:00+01:00", event: tick,
        expect: [{ type: "mode", mode: "AUTO" }, { type: "load", id: "living", on: true, reason: "normal" }] },
    ],
  },
  {
    name: "overload on a blue evening: priority 4 is shed by the first overload group, before the frame ends",
    settings: { loads: HEATERS },
    start: "2026-01-13T19:00:00+01:00",
    steps: [
      { at: "2026-01-13T19:00:00+01:00", event: frame({ colour: "blue", period: "hp", powerVA: 1500 }),
        expect: [{ type: "load", id: "boiler", on: true }] },
      // 1500 VA of base load plus our 5700 W: fits 9000 VA minus the 500 W margin.
      { at: "2026-01-13T19:09:59+01:00", event: frame({ colour: "blue", period: "hp", powerVA: 7200 }), absent: [{ type: "load" }] },
      { at: "2026-01-13T19:10:00+01:00", event: { type: "tic-overload", overload: { source: "ADPS", label: "ADPS", data: "041", value: 41 } },
        expect: [{ type: "load", id: "boiler", on: false, reason: "overload" }],
        absent: [{ type: "load", id: "living" }, { type: "load", id: "fridge" }] },
      { at: "2026-01-13T19:10:01+01:00", event: frame({ colour: "blue", period: "hp", powerVA: 9400, overload: true }), absent: [{ type: "load" }] },
    ],
  },
  {
    name: "meter unplugged: meter-lost LED after 10 s, red peak still shed at 06:00 on our clock",
    settings: { loads: HEATERS },
    start: "2026-01-15T05:00:00+01:00",
    steps: [
      { at: "2026-01-15T05:00:00+01:00", event: frame({ colour: "blue", period: "hc", tomorrow: "red", powerVA: 6000 }),
        expect: [{ type: "led", pattern: "normal" }] },
      { at: "2026-01-15T05:00:09+01:00", event: tick, absent: [{ type: "fault" }] },
      { at: "2026-01-15T05:00:10+01:00", event: tick, expect: [{ type: "fault", fault: "meter-lost", active: true }, { type: "led", pattern: "meter-lost" }] },
      { at: "2026-01-15T06:00:00+01:00", event: tick, expect: [{ type: "load", id: "living", on: false, reason: "red_peak" }] },
    ],
  },
  {
    name: "unknown colour in a peak is treated as white by default, never as blue",
    settings: { loads: HEATERS },
    start: "2026-01-14T09:00:00+01:00",
    steps: [
      { at: "2026-01-14T09:00:00+01:00", event: frame({ colour: "none", period: "hp", powerVA: 800 }),
        expect: [{ type: "load", id: "living", on: false, reason: "white_peak" }, { type: "tariff", colour: "unknown" }] },
    ],
  },
  {
    name: "a restart in the middle of a red peak comes back shedding, before any meter frame",
    settings: { loads: HEATERS },
    persisted: { tariff: { dayStartMs: parseIsoWithOffset("2026-01-15T06:00:00+01:00"), today: "red", tomorrow: "unknown" } },
    start: "2026-01-15T11:00:00+01:00",
    steps: [{ at: "2026-01-15T11:00:00+01:00", event: tick, expect: [{ type: "load", id: "living", on: false, reason: "red_peak" }] }],
  },
  {
    name: "an HC/HP contract has no coloured peaks: nothing is shed in HP though the colour is unknown",
    settings: { loads: HEATERS },
    start: "2026-01-14T09:00:00+01:00",
    steps: [
      { at: "2026-01-14T09:00:00+01:00", event: { type: "tic-frame", reading: { ...reading({ colour: "none", period: "hp", powerVA: 800 }), contract: "hc-hp" } },
        expect: [{ type: "load", id: "living", on: true, reason: "normal" }], absent: [{ type: "load", on: false }] },
    ],
  },
  {
    name: "forced on beats a red peak, never an overload; with nothing left to shed the overrun is reported once",
    settings: { loads: [HEATERS[0], HEATERS[3]] },
    start: "2026-01-15T09:00:00+01:00",
    steps: [
      { at: "2026-01-15T09:00:00+01:00", event: frame({ colour: "red", period: "hp", powerVA: 800 }),
        expect: [{ type: "load", id: "living", on: false, reason: "red_peak" }] },
      { at: "2026-01-15T09:02:00+01:00", event: { type: "load-override", loadId: "living", override: "on" },
        expect: [{ type: "load", id: "living", on: true, reason: "forced_on", order: "confort" }, { type: "persist", key: "owner" }] },
      { at: "2026-01-15T09:02:30+01:00", event: { type: "tic-overload", overload: { source: "ADPS", label: "ADPS", data: "050", value: 50 } },
        expect: [{ type: "load", id: "living", on: false, reason: "overload" }], absent: [{ type: "load", id: "fridge" }, { type: "fault" }] },
      { at: "2026-01-15T09:02:34+01:00", event: frame({ colour: "red", period: "hp", powerVA: 9800, overload: true }),
        expect: [{ type: "fault", fault: "overload-unresolved", active: true }, { type: "led", pattern: "overload-unresolved" }] },
      { at: "2026-01-15T09:02:40+01:00", event: frame({ colour: "red", period: "hp", powerVA: 9800, overload: true }), absent: [{ type: "fault" }, { type: "led" }] },
      { at: "2026-01-15T09:02:42+01:00", event: frame({ colour: "red", period: "hp", powerVA: 1000 }),
        expect: [{ type: "fault", fault: "overload-unresolved", active: false }, { type: "led", pattern: "normal" }] },
    ],
  },
];

function matches(effect: object, want: Partial<Record<string, unknown>>): boolean {
  const e = effect as unknown as Record<string, unknown>;
  for (const key in want) if (JSON.stringify(e[key]) !== JSON.stringify(want[key])) return false;
  return true;
}

/** Run one case; returns the failures (empty when it passes). */
export function runEngineCase(c: EngineCase): string[] {
  const failures: string[] = [];
  const checked = validateSettings(c.settings);
  if (!checked.ok) return [`settings invalid: ${JSON.stringify(checked.errors)}`];
  const controller = new Controller(checked.settings, c.persisted, parseIsoWithOffset(c.start));
  // The facts, plus what the publish path derives from them (LED, HomeKit values), as the Device publishes both.
  const presentation = new PresentationTracker();
  for (const step of c.steps) {
    const atMs = parseIsoWithOffset(step.at);
    const facts = controller.dispatch(step.event, atMs);
    const effects: object[] = [...facts, ...presentation.update(controller.snapshot(), facts, atMs)];
    for (const want of step.expect ?? []) {
      if (!effects.some((e) => matches(e, want))) failures.push(`${step.at}: missing ${JSON.stringify(want)} in ${JSON.stringify(effects)}`);
    }
    for (const unwanted of step.absent ?? []) {
      const hit = effects.find((e) => matches(e, unwanted));
      if (hit) failures.push(`${step.at}: unexpected ${JSON.stringify(hit)}`);
    }
  }
  return failures;
}
