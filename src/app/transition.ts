// The Controller reducer: transition(state, event, now) → { state, effects }. Every decision lives here or below.
// Pure and deterministic: no timers, no clock reads, no IO; the previous state is never mutated.

import { advanceClock, applyExternalTomorrow, applyReading } from "../tariff/tariff-tracker";
import { onOverrun, onQuietFrame, OVERLOAD_SETTLE_MS, VOLTS_PER_AMP_ESTIMATE } from "../shedding/overload";
import { expireMode, requestMode } from "../shedding/mode";
import { peakOf } from "../shedding/peak";
import type { TicOverloadEvent, TicReading } from "../tic/types";
import { decideLoads, limitVA } from "./decide-loads";
import { homekitEffect, ledPattern, PERSIST_DEBOUNCE_MS, persistEffects, REFUSED_LED_MS, tariffEffect } from "./reports";
import { validateSettings } from "./settings";
import { freshLoadRuntime, type ControllerState } from "./state";
import type { ControllerEvent, Effect, OwnerMode, SettingsPatch } from "./types";

export interface TransitionResult {
  state: ControllerState;
  effects: Effect[];
}

export function transition(prev: ControllerState, event: ControllerEvent, nowMs: number): TransitionResult {
  const s: ControllerState = { ...prev, loads: { ...prev.loads } };
  const first = prev.led === null;
  const head: Effect[] = [];
  const fx: Effect[] = [];
  let forceHomekit = false;

  // 1. The event itself.
  switch (event.type) {
    case "tic-frame":
      onFrame(s, event.reading, nowMs, head, fx);
      break;
    case "tic-overload":
      onOverloadGroup(s, event.overload, nowMs, fx);
      break;
    case "tick":
      break;
    case "mode-request":
      forceHomekit = onModeRequest(s, event.mode, event.source, nowMs, head, fx);
      break;
    case "load-override": {
      const rt = s.loads[event.loadId];
      if (!rt) head.push({ type: "refused", request: `override ${event.loadId}`, reason: "unknown load" });
      else s.loads[event.loadId] = { ...rt, override: event.override, overrideUntilMs: event.override === "auto" ? undefined : event.untilMs };
      break;
    }
    case "tomorrow-external":
      s.tariff = applyExternalTomorrow(s.tariff, event.colour, event.source, nowMs);
      break;
    case "settings":
      onSettings(s, event.patch, head, fx);
      break;
  }

  // 2. Time-driven facts, in dependency order: meter watchdog → our clock → overrides → HEAT expiry.
  watchMeter(s, nowMs, head, fx);
  if (event.type !== "tic-frame") s.tariff = advanceClock(s.tariff, nowMs, s.meter.status === "ok");
  for (const load of s.settings.loads) {
    const rt = s.loads[load.id];
    if (rt.override !== "auto" && rt.overrideUntilMs !== undefined && nowMs >= rt.overrideUntilMs) {
      s.loads[load.id] = { ...rt, override: "auto", overrideUntilMs: undefined };
      fx.push({ type: "log", level: "info", message: `override of ${load.id} expired` });
    }
  }
  const expired = expireMode({ mode: s.mode, heatUntilMs: s.heatUntilMs }, peakOf(s.tariff, s.settings.unknownColourPolicy), nowMs);
  if (expired) {
    s.mode = expired.state.mode;
    s.heatUntilMs = expired.state.heatUntilMs;
    head.push({ type: "mode", mode: s.mode, reason: expired.reason });
  }

  // 3. Decide every load, then report.
  const tariff = tariffEffect(prev, s, first);
  decideLoads(s, nowMs, fx);
  const led = ledPattern(s, nowMs);
  if (led !== s.led) {
    s.led = led;
    fx.push({ type: "led", pattern: led });
  }
  const hk = homekitEffect(s);
  const last = s.homekit;
  if (forceHomekit || !last || last.current !== hk.current || last.target !== hk.target || last.tomorrowAlert !== hk.tomorrowAlert) {
    s.homekit = hk;
    fx.push(hk);
  }
  // Flash wears: remember when owner or colours first moved, write once that change is PERSIST_DEBOUNCE_MS old.
  // (Comparing the persisted JSON also costs more than a whole quiet tick, so only then.)
  if (s.persistDirtySinceMs === null && (first || ownerOrColoursMoved(prev, s))) s.persistDirtySinceMs = nowMs;
  if (s.persistDirtySinceMs !== null && nowMs - s.persistDirtySinceMs >= PERSIST_DEBOUNCE_MS) {
    s.persistDirtySinceMs = null;
    persistEffects(s, fx);
  }
  return { state: s, effects: tariff ? [tariff, ...head, ...fx] : [...head, ...fx] };
}

function onFrame(s: ControllerState, reading: TicReading, nowMs: number, head: Effect[], fx: Effect[]): void {
  if (s.meter.status === "lost") {
    head.push({ type: "fault", fault: "meter-lost", active: false, detail: "valid frames again" });
  }
  const powerVA = reading.apparentPowerVA ?? null;
  let baseW = s.meter.baseW;
  // A frame read just after a switch may predate it: only settled frames teach us the base load.
  if (powerVA !== null && (s.lastSwitchMs === null || nowMs - s.lastSwitchMs >= OVERLOAD_SETTLE_MS)) {
    let oursW = 0;
    for (const id in s.loads) if (s.loads[id].on === true) oursW += s.loads[id].allocatedW;
    baseW = Math.max(0, powerVA - oursW);
  }
  s.meter = {
    status: "ok",
    lastFrameMs: nowMs,
    powerVA,
    subscribedVA: reading.subscribedPowerVA ?? s.meter.subscribedVA,
    baseW,
  };
  s.tariff = applyReading(s.tariff, reading, nowMs, s.settings.meterClockToleranceMs);
  const views = s.settings.loads.map((config) => ({ config, on: s.loads[config.id].on === true }));
  const step = reading.overload.active
    ? onOverrun(s.overload, views, powerVA ?? undefined, limitVA(s), nowMs)
    : onQuietFrame(s.overload, s.settings.loads, powerVA ?? undefined, limitVA(s), s.settings.overloadRestoreMarginW, s.settings.overloadRestoreHoldMs, nowMs);
  s.overload = step.state;
  if (step.restoreNow) {
    fx.push({ type: "log", level: "info", message: `overload over: ${step.restoreNow.id} may run again`, fields: step.restoreNow.numbers });
  }
  reportOverload(step.unresolvedChanged, fx, powerVA, limitVA(s));
}

function onOverloadGroup(s: ControllerState, overload: TicOverloadEvent, nowMs: number, fx: Effect[]): void {
  let drawnVA: number | undefined;
  if (overload.value !== undefined) {
    drawnVA = overload.source === "SINSTS>PREF" ? overload.value : overload.value * VOLTS_PER_AMP_ESTIMATE;
  }
  const views = s.settings.loads.map((config) => ({ config, on: s.loads[config.id].on === true }));
  const step = onOverrun(s.overload, views, drawnVA, limitVA(s), nowMs);
  s.overload = step.state;
  if (step.shedNow.length > 0) {
    fx.push({ type: "log", level: "warn", message: `overrun (${overload.source} ${overload.data}): shedding ${step.shedNow.map((x) => x.id).join(", ")}` });
  }
  reportOverload(step.unresolvedChanged, fx, drawnVA ?? null, limitVA(s));
}

function reportOverload(changed: boolean | null, fx: Effect[], powerVA: number | null, limit: number): void {
  if (changed === null) return;
  const detail = changed ? `everything sheddable is off and the overrun goes on (${powerVA ?? "?"} VA > ${limit} VA)` : "overrun cleared";
  fx.push({ type: "fault", fault: "overload-unresolved", active: changed, detail });
  fx.push({ type: "log", level: changed ? "error" : "info", message: detail });
}

function onModeRequest(s: ControllerState, mode: OwnerMode, source: string, nowMs: number, head: Effect[], fx: Effect[]): boolean {
  const peak = peakOf(s.tariff, s.settings.unknownColourPolicy);
  const outcome = requestMode({ mode: s.mode, heatUntilMs: s.heatUntilMs }, mode, peak, s.settings, nowMs);
  if (outcome.kind === "refused") {
    head.push({ type: "refused", request: mode, reason: outcome.reason });
    fx.push({ type: "log", level: "info", message: `${mode} from ${source} refused: ${peak.detail}` });
    s.refusedUntilMs = nowMs + REFUSED_LED_MS;
    return true; // HomeKit must show AUTO again even though nothing changed
  }
  if (outcome.kind === "granted") {
    const changed = outcome.state.mode !== s.mode;
    s.mode = outcome.state.mode;
    s.heatUntilMs = outcome.state.heatUntilMs;
    if (changed) head.push({ type: "mode", mode: s.mode, reason: `requested from ${source}` });
  }
  return false;
}

function onSettings(s: ControllerState, patch: SettingsPatch, head: Effect[], fx: Effect[]): void {
  const checked = validateSettings({ ...s.settings, ...patch });
  if (!checked.ok) {
    head.push({ type: "refused", request: "settings", reason: checked.errors.map((e) => `${e.field}: ${e.message}`).join("; ") });
    return;
  }
  const loads: ControllerState["loads"] = {};
  for (const load of checked.settings.loads) loads[load.id] = s.loads[load.id] ?? freshLoadRuntime();
  for (const id in s.loads) {
    if (loads[id]) continue;
    fx.push({ type: "load", id, on: false, allocatedW: 0, reason: "forced_off", detail: "removed from the settings" });
  }
  s.settings = checked.settings;
  s.loads = loads;
  s.persisted = { ...s.persisted, settings: JSON.stringify(checked.settings) };
  fx.push({ type: "persist", key: "settings", value: checked.settings });
}

function watchMeter(s: ControllerState, nowMs: number, head: Effect[], fx: Effect[]): void {
  if (s.meter.status === "lost") return;
  const sinceMs = nowMs - (s.meter.lastFrameMs ?? s.bootMs);
  if (sinceMs < s.settings.meterLostTimeoutMs) return;
  s.meter = { ...s.meter, status: "lost", powerVA: null };
  const detail = `no valid frame for ${sinceMs} ms (timeout ${s.settings.meterLostTimeoutMs} ms): tariff from our clock and last colours`;
  head.push({ type: "fault", fault: "meter-lost", active: true, detail });
  fx.push({ type: "log", level: "warn", message: detail });
}

function ownerOrColoursMoved(a: ControllerState, b: ControllerState): boolean {
  if (a.mode !== b.mode || a.heatUntilMs !== b.heatUntilMs || a.settings !== b.settings) return true;
  const x = a.tariff;
  const y = b.tariff;
  if (x.dayStartMs !== y.dayStartMs || x.today !== y.today || x.tomorrow !== y.tomorrow || x.contract !== y.contract) return true;
  for (const id in b.loads) {
    const x = a.loads[id];
    const y = b.loads[id];
    if (!x || x.override !== y.override || x.overrideUntilMs !== y.overrideUntilMs) return true;
  }
  return false;
}
