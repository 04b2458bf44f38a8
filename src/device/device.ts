// The box, platform-free: meter bytes → decoder → Controller → load drivers and the one publish path.
// Never imports a platform module: main.ts (ESP32) and host-sim/main.ts (Node) hand it the same hal capabilities.
import type { ByteSource, Clock, DigitalInput, DigitalOutput, KeyValueStore, Led, Logger, RemoteOutput, SetpointOutput, System, TimerHandle, Timers } from "../../hal/types";
import type { CommandOutcome, CommandSource, ControllerCommand, ControllerEvent, ControllerSnapshot, OwnerMode, PersistedState, Settings } from "../app/types";
import { EnergyMonitor, type EnergySettings } from "../energy/monitor";
import { LOAD_KINDS, safeContacts, type LoadKinds } from "../loads/kinds";
import type { LoadConfig, LoadLevel, LoadReason } from "../loads/types";
import { PresentationTracker } from "../publish/presentation";
import { Publisher, type Observer, type Update } from "../publish/publisher";
import type { TicDecoderEvents, TicReading } from "../tic/types";
import { LedStatus, type Connectivity } from "../ui/led-status";
import { ButtonInput } from "./button-input";
import { factoryReset } from "./factory-reset";
import { readJson, writeJson } from "./json-store";

/** The Controller as the device sees it (src/app Controller implements this). */
export interface Engine {
  command(event: ControllerEvent, nowMs: number): CommandOutcome;
  snapshot(): ControllerSnapshot;
  settings(): { loads: readonly LoadConfig[] };
}

/** The TIC decoder as the device sees it (src/tic TicDecoder implements this). */
export interface MeterDecoder {
  push(chunk: Uint8Array): void;
}

/** A load's outputs: contacts (GPIO or remote plugs, in the kind's order) and, for a setpoint load, its setpoint. */
export interface LoadWiring {
  kind: string;
  outputs: (DigitalOutput | RemoteOutput)[];
  setpoint?: SetpointOutput;
}

export interface DeviceParts {
  clock: Clock;
  timers: Timers;
  logger: Logger;
  store: KeyValueStore;
  system: System;
  meter: ByteSource;
  loads: Record<string, LoadWiring>;
  redLed: Led;
  blueLed: Led;
  button?: DigitalInput;
  /** Load kinds this box drives (default: every kind of src/loads/kinds). */
  kinds?: LoadKinds;
  createDecoder(events: TicDecoderEvents): MeterDecoder;
  createEngine(persisted: PersistedState, nowMs: number): Engine;
}

/** Store keys of the Controller's persisted parts (the Controller names them; we namespace them). */
export const APP_STORE_PREFIX = "app.";
const PERSIST_PARTS = Object.freeze(["owner", "tariff", "settings", "manager"] as const);
/** Wave 1 kept the thermostat's target temperature and units apart; read once into the owner's record. */
const LEGACY_THERMOSTAT_KEY = "ui.thermostat";

const TICK_PERIOD_MS = 1000;
const LED_PERIOD_MS = 50;

export class Device {
  private readonly parts: DeviceParts;
  private readonly kinds: LoadKinds;
  private engine: Engine | undefined;
  private decoder: MeterDecoder | undefined;
  private readonly led: LedStatus;
  private readonly button: ButtonInput;
  private readonly presentation = new PresentationTracker();
  private readonly publisher = new Publisher();
  private readonly timers: TimerHandle[] = [];
  private readonly readingListeners: ((reading: TicReading) => void)[] = [];
  private energy: EnergyMonitor | undefined;
  private stopped = false;

  constructor(parts: DeviceParts) {
    this.parts = parts;
    this.kinds = parts.kinds ?? LOAD_KINDS;
    const nowMs = parts.clock.nowMs();
    this.led = new LedStatus(nowMs);
    this.button = new ButtonInput(parts.clock, parts.timers, {
      toggleMode: () => this.toggleMode(),
      factoryReset: () => {
        const report = factoryReset(this.parts.store);
        this.parts.logger.log("warn", "factory reset from the button", { erased: report.erased.length, kept: report.kept.join(",") });
        this.parts.system.restart("factory reset");
      },
      led: (button) => this.led.update({ button }, this.parts.clock.nowMs()),
    });
    // Outputs safe first: until the Controller decides, every coil is released (loads run as without the box).
    for (const wiring of Object.values(parts.loads)) {
      writeContacts(wiring, safeContacts(this.kinds, wiring.kind));
      if (wiring.setpoint) wiring.setpoint.setPowerW(0);
    }
    parts.redLed.set(true);
    parts.blueLed.set(false);
  }

  /** Boot: restore the owner's state, start the meter, the 1 s tick, the LED and the button. */
  start(): void {
    const { clock, timers, meter, button } = this.parts;
    const nowMs = clock.nowMs();
    const engine = this.parts.createEngine(this.readPersisted(), nowMs);
    this.engine = engine;
    // Energy, cost and history (src/energy): an observer of the readings and the publish path, never a decider.
    this.energy = new EnergyMonitor({ store: this.parts.store, logger: this.parts.logger, settings: () => engine.settings() as EnergySettings }, nowMs);
    for (const id in this.parts.loads) {
      for (const output of this.parts.loads[id].outputs) {
        if ("onConfirmed" in output) output.onConfirmed((on) => this.dispatch({ type: "output-confirmed", loadId: id, on }));
        if ("onPower" in output && output.onPower) output.onPower((powerW) => this.dispatch({ type: "output-power", loadId: id, powerW }));
      }
    }
    this.decoder = this.parts.createDecoder({
      onFrame: (reading) => {
        for (const listener of this.readingListeners) listener(reading);
        if (!this.stopped) this.energy?.reading(reading, clock.nowMs(), this.engine?.snapshot());
        this.dispatch({ type: "tic-frame", reading });
      },
      onOverload: (overload) => this.dispatch({ type: "tic-overload", overload }),
    });
    meter.onBytes((chunk) => this.decoder?.push(chunk));
    meter.onError?.((message) => this.parts.logger.log("error", "meter input failed", { message }));
    this.timers.push(timers.setInterval(() => this.dispatch({ type: "tick" }), TICK_PERIOD_MS));
    this.timers.push(timers.setInterval(() => this.parts.blueLed.set(this.led.level(clock.nowMs())), LED_PERIOD_MS));
    if (button) this.button.attach(button);
    this.dispatch({ type: "tick" });
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers) this.parts.timers.clear(handle);
    this.button.stop();
    this.parts.meter.close();
  }

  /** The one publish path: every transition's facts, changed presentation and snapshot, to every observer. */
  subscribe(observer: Observer): () => void {
    return this.publisher.subscribe(observer);
  }

  /** Every decoded meter frame (host-sim prints them; the web page shows the last one). */
  onReading(listener: (reading: TicReading) => void): void {
    this.readingListeners.push(listener);
  }

  snapshot(): ControllerSnapshot | undefined {
    return this.engine?.snapshot();
  }

  /** The settings in force (undefined before start). */
  settings(): Settings | undefined {
    return this.engine?.settings() as Settings | undefined;
  }

  /** Energy, cost, savings and the history rings (undefined before start). */
  energyMonitor(): EnergyMonitor | undefined {
    return this.energy;
  }

  /** An owner command from HomeKit, the web page, the button or MQTT: its outcome (refused, with why). */
  command(command: ControllerCommand): CommandOutcome {
    return this.dispatch(command);
  }

  /** Mode request; returns the mode in force afterwards (AUTO when HEAT was refused). */
  requestMode(mode: OwnerMode, source: CommandSource): OwnerMode {
    this.command({ type: "mode-request", mode, source });
    return this.snapshot()?.mode ?? "AUTO";
  }

  /** The button's short press: AUTO ↔ HEAT (a HEAT refused on a red peak stays AUTO). */
  toggleMode(): OwnerMode {
    return this.requestMode(this.snapshot()?.mode === "HEAT" ? "AUTO" : "HEAT", "button");
  }

  /** The shell reports Wi-Fi and pairing state; the blue LED shows it when nothing outranks it. */
  setConnectivity(connectivity: Connectivity): void {
    this.led.update({ connectivity }, this.parts.clock.nowMs());
  }

  ledPattern(): string {
    return this.led.pattern(this.parts.clock.nowMs());
  }

  /** Feed one raw button level (hosts without a GPIO call this from the keyboard). */
  pressButton(pressed: boolean): void {
    this.button.level(pressed);
  }

  dispatch(event: ControllerEvent): CommandOutcome {
    if (!this.engine || this.stopped) return { effects: [], refused: "the box is not running" };
    const engine = this.engine;
    const nowMs = this.parts.clock.nowMs();
    let outcome: CommandOutcome;
    try {
      outcome = engine.command(event, nowMs);
    } catch (error) {
      // A throw here is a programming error in the core: restart into a known state rather than run blind.
      this.parts.logger.log("error", "controller failed; restarting", { event: event.type, error: String(error) });
      this.parts.system.restart("controller error");
      return { effects: [], refused: "controller error" };
    }
    const facts = outcome.effects;
    // No fact, nothing for observers: presentation only moves with facts (a blinking refusal still needs its end seen).
    if (facts.length === 0 && !this.presentation.pending(nowMs)) return outcome;
    const snapshot = engine.snapshot();
    const presentation = this.presentation.update(snapshot, facts, nowMs);
    if (facts.length === 0 && presentation.length === 0) return outcome;
    // Indexed loops: on XS a for-of allocates an iterator, and this runs for every transition with a fact.
    for (let i = 0; i < facts.length; i++) {
      const fact = facts[i];
      if (fact.type === "load") this.drive(fact.id, fact.level, fact.allocatedW, engine, fact.reason);
      else if (fact.type === "persist") writeJson(this.parts.store, APP_STORE_PREFIX + fact.key, fact.value);
      else if (fact.type === "log") this.parts.logger.log(fact.level, fact.message, fact.fields);
    }
    for (let i = 0; i < presentation.length; i++) {
      const p = presentation[i];
      if (p.type === "led") this.showEngineLed(p.pattern, nowMs);
    }
    if (facts.length > 0) this.energy?.facts(facts, snapshot, nowMs);
    const update: Update = { nowMs, facts, presentation, snapshot: () => snapshot };
    this.publisher.publish(update);
    return outcome;
  }

  private drive(loadId: string, level: LoadLevel, powerW: number, engine: Engine, reason: LoadReason): void {
    const wiring = this.parts.loads[loadId];
    if (!wiring) return;
    const config = configOf(engine.settings().loads, loadId);
    const spec = this.kinds[wiring.kind];
    if (!spec) return;
    // A load removed from the settings has no config any more: release its outputs (as without the box).
    const drive = config ? spec.drive(config, level, powerW, reason) : { contacts: safeContacts(this.kinds, wiring.kind), setpointW: 0 };
    writeContacts(wiring, drive.contacts);
    if (wiring.setpoint && drive.setpointW !== undefined) wiring.setpoint.setPowerW(drive.setpointW);
  }

  private showEngineLed(pattern: string, nowMs: number): void {
    if (pattern === "refused") this.led.showRefused(nowMs);
    else this.led.update({ engine: pattern as "normal" | "meter-lost" | "overload-unresolved" }, nowMs);
  }

  private readPersisted(): PersistedState {
    const persisted: Record<string, unknown> = {};
    for (const part of PERSIST_PARTS) {
      const { value, error } = readJson(this.parts.store, APP_STORE_PREFIX + part);
      if (error) this.parts.logger.log("warn", "ignoring a damaged stored value", { key: part, error });
      else if (value !== undefined) persisted[part] = value;
    }
    const legacy = readJson(this.parts.store, LEGACY_THERMOSTAT_KEY).value as Record<string, unknown> | undefined;
    const owner = persisted.owner as Record<string, unknown> | undefined;
    if (legacy && !(owner && owner.thermostat)) {
      persisted.owner = { mode: "AUTO", heatUntilMs: null, overrides: {}, ...owner, thermostat: legacy };
    }
    return persisted as PersistedState;
  }
}

/** The load's config, found with a plain loop: a `find` closure per load fact costs heap on XS. */
function configOf(loads: readonly LoadConfig[], id: string): LoadConfig | undefined {
  for (let i = 0; i < loads.length; i++) if (loads[i].id === id) return loads[i];
  return undefined;
}

function writeContacts(wiring: LoadWiring, contacts: readonly boolean[]): void {
  for (let i = 0; i < wiring.outputs.length; i++) wiring.outputs[i].write(contacts[i] ?? false);
}
