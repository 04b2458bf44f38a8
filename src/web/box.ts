// What the web page needs from the box (state, settings, owner commands) and its adapter over the Device.
// Never decides anything itself: every command goes through the Controller, whose effects say what happened.

import type { Clock } from "../../hal/types";
import type { ControllerEvent, ControllerSnapshot, Effect, Settings } from "../app/types";

/** What a command came to: a refusal carries the Controller's reason ("red_peak", "unknown load", ...). */
export interface CommandResult {
  refused?: string;
}

export interface WebBox {
  nowMs(): number;
  /** undefined while the box boots. */
  snapshot(): ControllerSnapshot | undefined;
  /** The settings in force (the last saved ones, else those the box booted with). */
  settings(): Settings;
  command(event: Extract<ControllerEvent, { type: "mode-request" | "load-override" | "settings" }>): CommandResult;
}

/** The part of src/device Device the adapter uses (Device implements it). */
export interface DeviceLike {
  snapshot(): ControllerSnapshot | undefined;
  dispatch(event: ControllerEvent): void;
  onEffect(listener: (effect: Effect, nowMs: number) => void): void;
}

/**
 * The web page's view of a Device. Effects are delivered synchronously inside dispatch, so a refusal
 * seen while our own command runs is that command's answer.
 */
export function deviceWebBox(device: DeviceLike, clock: Clock, bootSettings: Settings): WebBox {
  let settings = bootSettings;
  let collecting: CommandResult | null = null;
  device.onEffect((effect) => {
    if (effect.type === "persist" && effect.key === "settings") settings = effect.value as Settings;
    else if (effect.type === "refused" && collecting !== null && collecting.refused === undefined) collecting.refused = effect.reason;
  });
  return {
    nowMs: () => clock.nowMs(),
    snapshot: () => device.snapshot(),
    settings: () => settings,
    command(event) {
      const result: CommandResult = {};
      collecting = result;
      try {
        device.dispatch(event);
      } finally {
        collecting = null;
      }
      return result;
    },
  };
}
