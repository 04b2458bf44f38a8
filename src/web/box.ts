// What the web page needs from the box (state, settings, owner commands) and its adapter over the Device.
// Never decides anything itself: every command goes through the Controller, whose outcome says what happened.

import type { Clock } from "../../hal/types";
import type { CommandOutcome, ControllerCommand, ControllerSnapshot, Settings } from "../app/types";
import type { Observer } from "../publish/publisher";
import type { MqttBridgeStatus } from "../mqtt/bridge";
import type { SourceStatus } from "../signals/poller";
import type { EnergyMonitor } from "../energy/monitor";
import type { VictronStatus } from "../victron/victron-service";

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
  command(command: ControllerCommand): CommandResult;
  /** The MQTT link as the bridge sees it; absent when the box runs no bridge (tests, the portal). */
  mqtt?(): MqttBridgeStatus | undefined;
  /** The one publish path, for the API's event stream (absent: no events). */
  subscribe?(observer: Observer): () => void;
  /** The Internet tariff sources' statuses; absent when the box polls none. */
  signals?(): SourceStatus[];
  /** Energy, cost and the history rings (src/energy); absent when the shell runs no monitor. */
  energy?(): EnergyMonitor | undefined;
  /** The Victron GX and surplus links (src/victron); absent when the box runs none. */
  victron?(): VictronStatus | undefined;
}

/** The part of src/device Device the adapter uses (Device implements it). */
export interface DeviceLike {
  snapshot(): ControllerSnapshot | undefined;
  command(command: ControllerCommand): CommandOutcome;
  subscribe(observer: Observer): () => void;
  energyMonitor?(): EnergyMonitor | undefined;
}

/**
 * The web page's view of a Device: commands return their outcome; saved settings come through the publish path.
 * `mqttStatus` reads the bridge's status when asked (the bridge may start after the page, or restart with the box).
 */
export function deviceWebBox(
  device: DeviceLike,
  clock: Clock,
  bootSettings: Settings,
  mqttStatus?: () => MqttBridgeStatus | undefined,
): WebBox {
  let settings = bootSettings;
  device.subscribe((update) => {
    for (const fact of update.facts) if (fact.type === "persist" && fact.key === "settings") settings = fact.value as Settings;
  });
  const box: WebBox = {
    nowMs: () => clock.nowMs(),
    snapshot: () => device.snapshot(),
    settings: () => settings,
    command(command) {
      const outcome = device.command(command);
      return outcome.refused === undefined ? {} : { refused: outcome.refused };
    },
    subscribe: (observer) => device.subscribe(observer),
  };
  if (mqttStatus !== undefined) box.mqtt = mqttStatus;
  if (device.energyMonitor !== undefined) box.energy = () => device.energyMonitor?.();
  return box;
}
