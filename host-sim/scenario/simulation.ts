// A scenario played against the real core: a simulated Linky emits real TIC bytes into the real decoder,
// whose events drive the real Controller; load effects change the meter's power. Host-only; no policy here.

import { Controller } from "../../src/app/controller";
import type { ControllerEvent, Effect, LoadConfig, PersistedState } from "../../src/app/types";
import { TicDecoder } from "../../src/tic/decoder";
import { formatLocalIso } from "../../src/tariff/local-time";
import { periodAt, tempoDayStartMs } from "../../src/tariff/tempo-calendar";
import { SimulatedMeter } from "../meter/simulated-meter";
import type { Scenario, ScenarioAction, MeterColour } from "./parse";

const TICK_MS = 1000;

/** What a load does while the box has no power: an open fil-pilote line means confort, an open relay means off. */
function unpoweredOn(load: LoadConfig): boolean {
  return load.kind !== "relay";
}

export class ScenarioSimulation {
  nowMs: number;
  private controller: Controller | null = null;
  private decoder: TicDecoder | null = null;
  private readonly store: PersistedState = {};
  private readonly drawW = new Map<string, number>();
  private readonly meter: SimulatedMeter;
  private colour: MeterColour;
  private tomorrow: MeterColour | "unknown";
  private meterDayStartMs: number;
  private plugged = true;
  private baseLoadVA: number;
  private nextFrameMs: number;
  private nextTickMs: number;
  private bootAtMs: number | null = null;
  private stepIndex = 0;
  readonly effectCounts: Record<string, number> = {};

  constructor(
    private readonly scenario: Scenario,
    private readonly out: (line: string) => void,
  ) {
    this.nowMs = scenario.startMs;
    const m = scenario.meter;
    this.meter = new SimulatedMeter({ mode: m.mode, contract: m.contract, phases: m.phases, subscribedKVA: m.subscribedKVA });
    this.colour = m.colour;
    this.tomorrow = m.tomorrow;
    this.baseLoadVA = scenario.baseLoadVA;
    this.meterDayStartMs = tempoDayStartMs(this.meterNow());
    this.nextFrameMs = scenario.startMs;
    this.nextTickMs = scenario.startMs;
    for (const load of scenario.settings.loads) this.drawW.set(load.id, 0);
    this.boot();
  }

  /** Play until the end; `wait` paces real time (resolves at once with --fast). */
  async run(wait: (delayMs: number) => Promise<void>): Promise<void> {
    for (;;) {
      const nextMs = this.nextEventMs();
      if (nextMs > this.scenario.endMs) break;
      if (nextMs > this.nowMs) await wait(nextMs - this.nowMs);
      this.nowMs = nextMs;
      // Same instant: scripted steps first, then the box coming back, the meter's frame, the second tick.
      while (this.stepIndex < this.scenario.steps.length && this.scenario.steps[this.stepIndex].atMs === nextMs) {
        this.act(this.scenario.steps[this.stepIndex++].action);
      }
      if (this.bootAtMs === nextMs) this.boot();
      if (this.plugged && this.nextFrameMs === nextMs) this.emitFrame();
      if (this.controller && this.nextTickMs === nextMs) {
        this.dispatch({ type: "tick" });
        this.nextTickMs += TICK_MS;
      }
      if (!this.controller && this.nextTickMs <= nextMs) this.nextTickMs = nextMs + TICK_MS;
      if (this.nextFrameMs <= nextMs) this.nextFrameMs = nextMs + this.scenario.meter.framePeriodMs;
    }
    this.line({ type: "end", name: this.scenario.name });
  }

  private nextEventMs(): number {
    let next = this.nextTickMs;
    if (this.plugged) next = Math.min(next, this.nextFrameMs);
    if (this.stepIndex < this.scenario.steps.length) next = Math.min(next, this.scenario.steps[this.stepIndex].atMs);
    if (this.bootAtMs !== null) next = Math.min(next, this.bootAtMs);
    return next;
  }

  private meterNow(): number {
    return this.nowMs + this.scenario.meter.clockOffsetMs;
  }

  private boot(): void {
    this.bootAtMs = null;
    this.controller = new Controller(this.scenario.settings, { ...this.store }, this.nowMs);
    this.decoder = new TicDecoder({
      mode: this.scenario.meter.mode,
      onOverload: (overload) => this.dispatch({ type: "tic-overload", overload }),
      onFrame: (reading) => this.dispatch({ type: "tic-frame", reading }),
    });
    this.line({ type: "boot", persisted: Object.keys(this.store) });
    // First decision at this very instant, after a frame due now (so a fresh box starts from what the meter says).
    this.nextTickMs = this.nowMs;
  }

  private emitFrame(): void {
    const meterMs = this.meterNow();
    const dayStartMs = tempoDayStartMs(meterMs);
    if (this.scenario.meter.rollAt06 && dayStartMs > this.meterDayStartMs) {
      if (this.tomorrow !== "unknown") this.colour = this.tomorrow;
      this.tomorrow = "unknown";
    }
    this.meterDayStartMs = dayStartMs;
    let powerVA = this.baseLoadVA;
    for (const w of this.drawW.values()) powerVA += w;
    this.meter.setState({ colour: this.colour, period: periodAt(meterMs), tomorrow: this.tomorrow, powerVA: Math.round(powerVA), atMs: meterMs });
    const bytes = this.meter.frame();
    this.decoder?.push(bytes);
  }

  private dispatch(event: ControllerEvent): void {
    if (!this.controller) return;
    for (const effect of this.controller.dispatch(event, this.nowMs)) this.execute(effect);
  }

  private execute(effect: Effect): void {
    this.effectCounts[effect.type] = (this.effectCounts[effect.type] ?? 0) + 1;
    if (effect.type === "load") this.drawW.set(effect.id, effect.on ? effect.allocatedW : 0);
    if (effect.type === "persist") (this.store as Record<string, unknown>)[effect.key] = effect.value;
    this.line(effect as unknown as Record<string, unknown>);
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
        this.dispatch({ type: "mode-request", mode: action.target, source: "homekit" });
        break;
      case "button": {
        const mode = this.controller?.snapshot().mode === "HEAT" ? "AUTO" : "HEAT";
        this.dispatch({ type: "mode-request", mode, source: "button" });
        break;
      }
      case "unplug":
        this.plugged = false;
        break;
      case "plug":
        this.plugged = true;
        this.nextFrameMs = this.nowMs;
        break;
      case "power-cut":
        this.controller = null;
        this.decoder = null;
        for (const load of this.scenario.settings.loads) this.drawW.set(load.id, unpoweredOn(load) ? load.nominalPowerW : 0);
        this.bootAtMs = this.nowMs + action.durationMs;
        break;
      case "override":
        this.dispatch({ type: "load-override", loadId: action.loadId, override: action.override, untilMs: action.forMs === undefined ? undefined : this.nowMs + action.forMs });
        break;
      case "tomorrow-external":
        this.dispatch({ type: "tomorrow-external", colour: action.colour, source: action.source });
        break;
    }
  }

  private line(fields: Record<string, unknown>): void {
    this.out(JSON.stringify({ at: formatLocalIso(this.nowMs), ...fields }));
  }
}
