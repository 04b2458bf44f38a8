// The box, platform-free: meter bytes → decoder → Controller → effects on outputs, LEDs, HomeKit and the store.
// Never imports a platform module: main.ts (ESP32) and host-sim/main.ts (Node) hand it the same hal capabilities.
import type { ByteSource, Clock, DigitalInput, DigitalOutput, KeyValueStore, Led, Logger, System, TimerHandle, Timers } from "../../hal/types";
import type { ControllerEvent, ControllerSnapshot, Effect, LoadKind, OwnerMode, PersistedState, CommandSource } from "../app/types";
import type { TicDecoderEvents, TicReading } from "../tic/types";
import { initialButtonState, transition, type ButtonAction, type ButtonState } from "../ui/button";
import { LedStatus, type Connectivity } from "../ui/led-status";
import { factoryReset } from "./factory-reset";
import { readJson, writeJson } from "./json-store";
import { coilsFor, safeCoils } from "../loads/orders";

/** The Controller as the device sees it (src/app Controller implements this). */
export interface Engine {
  dispatch(event: ControllerEvent, nowMs: number): Effect[];
  snapshot(): ControllerSnapshot;
}

/** The TIC decoder as the device sees it (src/tic TicDecoder implements this). */
export interface MeterDecoder {
  push(chunk: Uint8Array): void;
}

export interface LoadWiring {
  kind: LoadKind;
  outputs: DigitalOutput[];
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
  createDecoder(events: TicDecoderEvents): MeterDecoder;
  createEngine(persisted: PersistedState, nowMs: number): Engine;
}

/** Store keys of the Controller's persisted parts (the Controller names them; we namespace them). */
export const APP_STORE_PREFIX = "app.";
const PERSIST_PARTS = Object.freeze(["owner", "tariff", "settings"] as const);

const TICK_PERIOD_MS = 1000;
const LED_PERIOD_MS = 50;
// While the button is down it is sampled this often, so holds are timed without waiting for the next edge.
const BUTTON_TICK_MS = 20;

export type EffectListener = (effect: Effect, nowMs: number) => void;

export class Device {
  private readonly parts: DeviceParts;
  private engine: Engine | undefined;
  private decoder: MeterDecoder | undefined;
  private readonly led: LedStatus;
  private button: ButtonState;
  private readonly timers: TimerHandle[] = [];
  private buttonTimer: TimerHandle | undefined;
  private readonly listeners: EffectListener[] = [];
  private readonly readingListeners: ((reading: TicReading) => void)[] = [];
  private stopped = false;

  constructor(parts: DeviceParts) {
    this.parts = parts;
    const nowMs = parts.clock.nowMs();
    this.led = new LedStatus(nowMs);
    this.button = initialButtonState(nowMs);
    // Outputs safe first: until the Controller decides, every coil is released (loads run as without the box).
    for (const wiring of Object.values(parts.loads)) writeCoils(wiring, safeCoils(wiring.kind));
    parts.redLed.set(true);
    parts.blueLed.set(false);
  }

  /** Boot: restore the owner's state, start the meter, the 1 s tick, the LED and the button. */
  start(): void {
    const { clock, timers, meter, button } = this.parts;
    const nowMs = clock.nowMs();
    this.engine = this.parts.createEngine(this.readPersisted(), nowMs);
    this.decoder = this.parts.createDecoder({
      onFrame: (reading) => {
        for (const listener of this.readingListeners) listener(reading);
        this.dispatch({ type: "tic-frame", reading });
      },
      onOverload: (overload) => this.dispatch({ type: "tic-overload", overload }),
    });
    meter.onBytes((chunk) => this.decoder?.push(chunk));
    meter.onError?.((message) => this.parts.logger.log("error", "meter input failed", { message }));
    this.timers.push(timers.setInterval(() => this.dispatch({ type: "tick" }), TICK_PERIOD_MS));
    this.timers.push(timers.setInterval(() => this.parts.blueLed.set(this.led.level(clock.nowMs())), LED_PERIOD_MS));
    if (button) {
      this.button = transition(this.button, { type: "boot", pressed: button.read() }, nowMs).state;
      button.onChange((pressed) => this.buttonEvent({ type: "level", pressed }));
    }
    this.dispatch({ type: "tick" });
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers) this.parts.timers.clear(handle);
    if (this.buttonTimer !== undefined) this.parts.timers.clear(this.buttonTimer);
    this.parts.meter.close();
  }

  onEffect(listener: EffectListener): void {
    this.listeners.push(listener);
  }

  /** Every decoded meter frame (host-sim prints them; the web page shows the last one). */
  onReading(listener: (reading: TicReading) => void): void {
    this.readingListeners.push(listener);
  }

  snapshot(): ControllerSnapshot | undefined {
    return this.engine?.snapshot();
  }

  /** Owner request from HomeKit, the web page or the button; returns the mode in force afterwards. */
  requestMode(mode: OwnerMode, source: CommandSource): OwnerMode {
    this.dispatch({ type: "mode-request", mode, source });
    return this.engine?.snapshot().mode ?? "AUTO";
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
    this.buttonEvent({ type: "level", pressed });
  }

  dispatch(event: ControllerEvent): void {
    if (!this.engine || this.stopped) return;
    const nowMs = this.parts.clock.nowMs();
    let effects: Effect[];
    try {
      effects = this.engine.dispatch(event, nowMs);
    } catch (error) {
      // A throw here is a programming error in the core: restart into a known state rather than run blind.
      this.parts.logger.log("error", "controller failed; restarting", { event: event.type, error: String(error) });
      this.parts.system.restart("controller error");
      return;
    }
    for (const effect of effects) this.execute(effect, nowMs);
  }

  private execute(effect: Effect, nowMs: number): void {
    switch (effect.type) {
      case "load": {
        const wiring = this.parts.loads[effect.id];
        if (wiring) writeCoils(wiring, coilsFor(wiring.kind, effect.on, effect.order));
        break;
      }
      case "led":
        if (effect.pattern === "refused") this.led.showRefused(nowMs);
        else this.led.update({ engine: effect.pattern }, nowMs);
        break;
      case "persist":
        writeJson(this.parts.store, APP_STORE_PREFIX + effect.key, effect.value);
        break;
      case "log":
        this.parts.logger.log(effect.level, effect.message, effect.fields);
        break;
      default:
        break;
    }
    for (const listener of this.listeners) listener(effect, nowMs);
  }

  private readPersisted(): PersistedState {
    const persisted: Record<string, unknown> = {};
    for (const part of PERSIST_PARTS) {
      const { value, error } = readJson(this.parts.store, APP_STORE_PREFIX + part);
      if (error) this.parts.logger.log("warn", "ignoring a damaged stored value", { key: part, error });
      else if (value !== undefined) persisted[part] = value;
    }
    return persisted as PersistedState;
  }

  private buttonEvent(event: { type: "level"; pressed: boolean } | { type: "tick" }): void {
    const nowMs = this.parts.clock.nowMs();
    const result = transition(this.button, event, nowMs);
    this.button = result.state;
    for (const action of result.actions) this.buttonAction(action, nowMs);
    const needsTicks = this.button.phase !== "released" || this.button.rawPressed !== (this.button.phase !== "released");
    if (needsTicks && this.buttonTimer === undefined) {
      this.buttonTimer = this.parts.timers.setInterval(() => this.buttonEvent({ type: "tick" }), BUTTON_TICK_MS);
    } else if (!needsTicks && this.buttonTimer !== undefined) {
      this.parts.timers.clear(this.buttonTimer);
      this.buttonTimer = undefined;
    }
  }

  private buttonAction(action: ButtonAction, nowMs: number): void {
    if (action.type === "led") {
      this.led.update({ button: action.button }, nowMs);
    } else if (action.type === "toggle-mode") {
      const current = this.engine?.snapshot().mode ?? "AUTO";
      this.requestMode(current === "AUTO" ? "HEAT" : "AUTO", "button");
    } else {
      const report = factoryReset(this.parts.store);
      this.parts.logger.log("warn", "factory reset from the button", { erased: report.erased.length, kept: report.kept.join(",") });
      this.parts.system.restart("factory reset");
    }
  }
}

function writeCoils(wiring: LoadWiring, coils: readonly boolean[]): void {
  for (let i = 0; i < wiring.outputs.length; i++) wiring.outputs[i].write(coils[i] ?? false);
}
