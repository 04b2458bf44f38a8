// A scenario played against the real box: the same Device the firmware and host-sim run (decoder, Controller,
// drivers, publish path) on a virtual clock, fed real TIC bytes by a simulated Linky whose power follows the
// loads the Device drives. Host-only; no policy here.

import type { ByteSource, DigitalOutput } from "../../hal/types";
import type { ControllerEvent } from "../../src/app/types";
import { createCore } from "../../src/device/core";
import { Device, type LoadWiring } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { LOAD_KINDS } from "../../src/loads/kinds";
import type { Update } from "../../src/publish/publisher";
import { formatLocalIso } from "../../src/tariff/local-time";
import { periodAt, tempoDayStartMs } from "../../src/tariff/tempo-calendar";
import { drawUnpowered, LoadDraw } from "../meter/load-draw";
import { SimulatedMeter } from "../meter/simulated-meter";
import { VirtualTime } from "../virtual-time";
import type { MeterColour, Scenario, ScenarioAction } from "./parse";

const APP_PREFIX = "app.";

export class ScenarioSimulation {
  private readonly time: VirtualTime;
  /** The box's flash: survives power cuts. */
  private readonly store = new MemoryStore();
  private device: Device | null = null;
  private meterHandler: ((chunk: Uint8Array) => void) | null = null;
  private readonly draw = new LoadDraw();
  private readonly meter: SimulatedMeter;
  private colour: MeterColour;
  private tomorrow: MeterColour | "unknown";
  private meterDayStartMs: number;
  private plugged = true;
  private baseLoadVA: number;
  private nextFrameMs: number;
  private bootAtMs: number | null = null;
  private stepIndex = 0;
  readonly effectCounts: Record<string, number> = {};

  constructor(
    private readonly scenario: Scenario,
    private readonly out: (line: string) => void,
  ) {
    this.time = new VirtualTime(scenario.startMs);
    const m = scenario.meter;
    this.meter = new SimulatedMeter({ mode: m.mode, contract: m.contract, phases: m.phases, subscribedKVA: m.subscribedKVA });
    this.colour = m.colour;
    this.tomorrow = m.tomorrow;
    this.baseLoadVA = scenario.baseLoadVA;
    this.meterDayStartMs = tempoDayStartMs(this.meterNow());
    this.nextFrameMs = scenario.startMs;
    for (const load of scenario.settings.loads) this.draw.set(load.id, 0);
    this.boot();
  }

  get nowMs(): number {
    return this.time.nowMs();
  }

  /** Play until the end; `wait` paces real time (resolves at once with --fast). */
  async run(wait: (delayMs: number) => Promise<void>): Promise<void> {
    for (;;) {
      const nextMs = this.nextEventMs();
      if (nextMs > this.scenario.endMs) break;
      if (nextMs > this.nowMs) await wait(nextMs - this.nowMs);
      this.time.jumpTo(nextMs);
      // Same instant: scripted steps first, then the box coming back, the meter's frame, then the box's timers.
      while (this.stepIndex < this.scenario.steps.length && this.scenario.steps[this.stepIndex].atMs === nextMs) {
        this.act(this.scenario.steps[this.stepIndex++].action);
      }
      if (this.bootAtMs === nextMs) this.boot();
      if (this.plugged && this.nextFrameMs === nextMs) this.emitFrame();
      if (this.nextFrameMs <= nextMs) this.nextFrameMs = nextMs + this.scenario.meter.framePeriodMs;
      this.time.advance(0);
    }
    this.line({ type: "end", name: this.scenario.name });
  }

  private nextEventMs(): number {
    let next = this.time.nextDueMs();
    if (this.plugged) next = Math.min(next, this.nextFrameMs);
    if (this.stepIndex < this.scenario.steps.length) next = Math.min(next, this.scenario.steps[this.stepIndex].atMs);
    if (this.bootAtMs !== null) next = Math.min(next, this.bootAtMs);
    return next;
  }

  private meterNow(): number {
    return this.nowMs + this.scenario.meter.clockOffsetMs;
  }

  /** The box powers up: the same composition as host-sim and the firmware, on this scenario's settings. */
  private boot(): void {
    this.bootAtMs = null;
    const persisted = this.store.keys().filter((k) => k.startsWith(APP_PREFIX) && k.indexOf("_") < 0).map((k) => k.slice(APP_PREFIX.length));
    const logger = { log: () => undefined };
    const core = createCore({ store: this.store, logger, ticMode: this.scenario.meter.mode, defaultSettings: this.scenario.settings });
    const meter: ByteSource = {
      onBytes: (handler) => void (this.meterHandler = handler),
      close: () => void (this.meterHandler = null),
    };
    const loads: Record<string, LoadWiring> = {};
    for (const load of core.loads) {
      const outputs: DigitalOutput[] = [];
      for (let i = 0; i < LOAD_KINDS[load.kind].contacts; i++) outputs.push({ write: () => undefined });
      loads[load.id] = { kind: load.kind, outputs };
    }
    const device = new Device({
      clock: this.time,
      timers: this.time,
      logger,
      store: this.store,
      system: { restart: () => undefined },
      meter,
      loads,
      redLed: { set: () => undefined },
      blueLed: { set: () => undefined },
      createDecoder: core.createDecoder,
      createEngine: core.createEngine,
    });
    device.subscribe((update) => this.observe(update));
    this.line({ type: "boot", persisted });
    this.device = device;
    device.start();
  }

  private observe(update: Update): void {
    for (const fact of update.facts) {
      if (fact.type === "load") this.draw.apply(fact);
      this.count(fact.type);
      this.line(fact as unknown as Record<string, unknown>);
    }
    for (const p of update.presentation) {
      this.count(p.type);
      this.line(p as unknown as Record<string, unknown>);
    }
  }

  private count(type: string): void {
    this.effectCounts[type] = (this.effectCounts[type] ?? 0) + 1;
  }

  private emitFrame(): void {
    const meterMs = this.meterNow();
    const dayStartMs = tempoDayStartMs(meterMs);
    if (this.scenario.meter.rollAt06 && dayStartMs > this.meterDayStartMs) {
      if (this.tomorrow !== "unknown") this.colour = this.tomorrow;
      this.tomorrow = "unknown";
    }
    this.meterDayStartMs = dayStartMs;
    const powerVA = this.baseLoadVA + this.draw.totalW();
    this.meter.setState({ colour: this.colour, period: periodAt(meterMs), tomorrow: this.tomorrow, powerVA: Math.round(powerVA), atMs: meterMs });
    const bytes = this.meter.frame();
    this.meterHandler?.(bytes);
  }

  private command(event: ControllerEvent): void {
    this.device?.dispatch(event);
  }

  private act(action: ScenarioAction): void {
    this.line({ type: "step", ...action });
    switch (action.kind) {
      case "meter":
        if (action.colour) this.colour = action.colour;
        if (action.tomorrow) this.tomorrow = action.tomorrow;
        break;
      case "base-load":
        this.baseLoadVA = action.powerVA;
        break;
      case "homekit":
        this.command({ type: "mode-request", mode: action.target, source: "homekit" });
        break;
      case "button":
        // A short press, as its gesture reaches the Device (the gestures themselves are tested in test/ui).
        this.device?.toggleMode();
        break;
      case "unplug":
        this.plugged = false;
        break;
      case "plug":
        this.plugged = true;
        this.nextFrameMs = this.nowMs;
        break;
      case "power-cut":
        this.device?.stop();
        this.device = null;
        for (const load of this.scenario.settings.loads) this.draw.set(load.id, drawUnpowered(load));
        this.bootAtMs = this.nowMs + action.durationMs;
        break;
      case "override":
        this.command({ type: "load-override", loadId: action.loadId, override: action.override, untilMs: action.forMs === undefined ? undefined : this.nowMs + action.forMs });
        break;
      case "tomorrow-external":
        this.command({ type: "tomorrow-external", colour: action.colour, source: action.source });
        break;
    }
  }

  private line(fields: Record<string, unknown>): void {
    this.out(JSON.stringify({ at: formatLocalIso(this.nowMs), ...fields }));
  }
}
