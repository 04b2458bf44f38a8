// The signals as a service of the box: builds the sources the settings enable, runs the poller, dispatches what it
// hears as events, and starts again when the owner saves settings. Never touches the meter path or shedding itself.

import type { Clock, HttpClient, Logger, Timers } from "../../hal/types";
import type { CommandOutcome, ControllerEvent, Settings } from "../app/types";
import type { Observer } from "../publish/publisher";
import { SignalPoller, type SourceStatus } from "./poller";
import { EcowattSource, JourTempoSource, RteTempoSource, RteToken, TempoLightSource, type TempoSource } from "./sources";

/** The part of src/device Device the service uses. */
export interface SignalsDevice {
  dispatch(event: ControllerEvent): CommandOutcome;
  subscribe(observer: Observer): () => void;
}

export interface SignalsServiceParts {
  http: HttpClient;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  device: SignalsDevice;
  /** The settings the box booted with (saved ones arrive through the publish path). */
  settings: Settings;
}

/** True when any source is on: the page shows the section only then. */
export function anySignalEnabled(s: Settings): boolean {
  return s.rteTempoEnabled || s.ecowattEnabled || s.tempoLightEnabled || s.communityTempoEnabled;
}

export class SignalsService {
  private settings: Settings;
  private poller: SignalPoller | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly parts: SignalsServiceParts) {
    this.settings = parts.settings;
  }

  start(): void {
    this.unsubscribe = this.parts.device.subscribe((update) => {
      for (const fact of update.facts) {
        if (fact.type !== "persist" || fact.key !== "settings") continue;
        const next = fact.value as Settings;
        const changed = signalSettingsKey(next) !== signalSettingsKey(this.settings);
        this.settings = next;
        if (changed) this.restart();
      }
    });
    this.restart();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.poller?.stop();
    this.poller = null;
  }

  /** Each enabled source's last success, last error and next try (empty when none is on). */
  statuses(): SourceStatus[] {
    return this.poller === null ? [] : this.poller.statuses();
  }

  private restart(): void {
    this.poller?.stop();
    this.poller = null;
    const s = this.settings;
    if (!anySignalEnabled(s)) return;
    const { http, clock, timers, logger, device } = this.parts;
    const current = () => this.settings;
    const token = new RteToken(http, () => current().rteBaseUrl, () => ({ clientId: current().rteClientId, clientSecret: current().rteClientSecret }));
    const tempo: TempoSource[] = [];
    if (s.rteTempoEnabled) tempo.push(new RteTempoSource(http, token, () => current().rteBaseUrl));
    if (s.tempoLightEnabled) tempo.push(new TempoLightSource(http, () => current().tempoLightBaseUrl));
    if (s.communityTempoEnabled) tempo.push(new JourTempoSource(http, () => current().communityTempoBaseUrl));
    const poller = new SignalPoller({
      clock,
      timers,
      tempoSources: tempo,
      ecowatt: s.ecowattEnabled ? new EcowattSource(http, token, () => current().rteBaseUrl) : undefined,
      onColours: (colours) => void device.dispatch({ type: "tariff-signal", colours }),
      onEcowatt: (hours) => void device.dispatch({ type: "ecowatt-signal", hours }),
      log: (level, message) => logger.log(level, message),
    });
    this.poller = poller;
    poller.start();
  }
}

/** What the sources are built from: a change of any of these restarts the poller (a threshold alone does not). */
function signalSettingsKey(s: Settings): string {
  return [s.rteTempoEnabled, s.ecowattEnabled, s.tempoLightEnabled, s.communityTempoEnabled, s.rteBaseUrl, s.rteClientId, s.rteClientSecret, s.tempoLightBaseUrl, s.communityTempoBaseUrl].join("\u0000");
}
