// The Controller reducer: transition(state, event, now) → { state, effects, refused? }, a fixed pipeline of slices:
// event → meter watchdog → tariff clock → owner expiry → loads (policy, budget, anti-chatter) → tariff fact → persistence.
// Pure and deterministic: no timers, no clock reads, no IO; the previous state is never mutated. An event that changes
// nothing gives back the very same state and no fact, and allocates next to nothing (most frames and ticks).

import { decideLoads, expireMeasured, freshLoad, onOutputConfirmed, onOutputPower, runningW, type LoadRuntime } from "../loads/loads";
import { onReading, watchMeter } from "../meter/meter";
import { holdBack, onOverrun, onQuietFrame, overloadIdle, OVERLOAD_SETTLE_MS, VOLTS_PER_AMP_ESTIMATE, type LoadView, type OverloadStep } from "../overload/overload";
import { expireOwner, keepOverridesOf, onModeRequest, overrideOf, withOverride } from "../owner/owner";
import { debounce, persistNow } from "../persistence/persistence";
import { validateSettings } from "../settings/validate";
import { onGxMeasures, onSurplusFrame, onSurplusTopic, stepSurplus, surplusActive } from "../surplus/slice";
import { peakMemo, type Peak } from "../tariff/peak";
import { advanceClock, applyExternalToday, applyExternalTomorrow, applyReading } from "../tariff/tariff-tracker";
import { tempoDayStartMs } from "../tariff/tempo-calendar";
import type { TicOverloadEvent, TicReading } from "../tic/types";
import { emptyRecord, keepManagerOf, managerRecord, onBoost, onForcedPower, onTankTemperature, type ManagerState } from "../manager/state";
import { stepManager } from "../manager/plan";
import { tankFactsBetween } from "../manager/snapshot";
import { onEcowattSignal, onTempoSignal, reweigh, type SignalDay, type SignalsState } from "../signals/slice";
import { colourKnownOf, ecowattShedLevelOf, passMemo, passStands } from "./loads-pass";
import { copyState, limitOf, totalAvailableW, type ControllerState } from "./state";
import type { ControllerEvent, Effect, PersistedState, SettingsPatch } from "./types";

export interface TransitionResult {
  state: ControllerState;
  /** Never written to: NO_EFFECTS when there is no fact. */
  effects: Effect[];
  /** Set when the event was a command the Controller refused, with why. */
  refused?: string;
}

/** The Home app's target temperature range (HAP Thermostat). */
const TARGET_TEMPERATURE_C = Object.freeze({ min: 10, max: 38 });

/** Off-grid there is no Tempo: no peak, whatever the clock says (the GX's battery and PV drive the loads). */
const OFF_GRID_PEAK: Peak = Object.freeze({ kind: "none", detail: "off-grid: no Tempo peak", numbers: Object.freeze({ colour: "none", period: "off-grid" }) });

/** What a transition that emits nothing returns: one frozen list, shared, so nothing is allocated for it. */
export const NO_EFFECTS: Effect[] = Object.freeze([]) as unknown as Effect[];

/**
 * One transition in progress. `s` is the previous state until a slice changes, then a copy made once and written in
 * place (copy on first write); facts are listed only once there is one. `head` facts come before the loads'.
 */
class Pass {
  readonly prev: ControllerState;
  s: ControllerState;
  head: Effect[] | null = null;
  fx: Effect[] | null = null;
  refused: string | undefined = undefined;
  /** The owner acted (mode, override, thermostat): written at once, a power cut must not undo it. */
  ownerActed = false;

  constructor(prev: ControllerState) {
    this.prev = prev;
    this.s = prev;
  }

  set<K extends keyof ControllerState>(key: K, value: ControllerState[K]): void {
    if (this.s[key] === value) return;
    if (this.s === this.prev) this.s = copyState(this.prev);
    this.s[key] = value;
  }

  /** A fact after the head ones (loads, logs, persistence). */
  push(fact: Effect): void {
    if (this.fx === null) this.fx = [];
    this.fx.push(fact);
  }

  /** A fact before the loads' (refusals, mode, faults). */
  pushHead(fact: Effect): void {
    if (this.head === null) this.head = [];
    this.head.push(fact);
  }

  /** The peak now, worked out again only when the tariff or its setting moved. */
  peak(): Peak {
    const memo = peakMemo(this.s.peak, this.s.tariff, this.s.settings.unknownColourPolicy);
    this.set("peak", memo);
    return memo.peak;
  }
}

export function transition(prev: ControllerState, event: ControllerEvent, nowMs: number): TransitionResult {
  const p = new Pass(prev);

  // 1. The event, in its slice.
  applyEvent(p, event, nowMs);

  // 2. Time-driven facts, in dependency order: meter watchdog → our clock → overrides and HEAT.
  // Off-grid there is no meter to lose (the GX speaks for the house).
  const watched = p.s.settings.offGrid ? null : watchMeter(p.s.meter, p.s.bootMs, nowMs, p.s.settings.meterLostTimeoutMs);
  if (watched !== null) {
    p.set("meter", watched.state);
    p.pushHead({ type: "fault", fault: "meter-lost", active: true, detail: watched.lostDetail });
    p.push({ type: "log", level: "warn", message: watched.lostDetail });
  }
  if (event.type !== "tic-frame") p.set("tariff", advanceClock(p.s.tariff, nowMs, p.s.meter.status === "ok"));
  // The online sources weighed against the meter again, only when either moved (never on a quiet frame or tick).
  if (p.s.signals !== prev.signals || p.s.tariff !== prev.tariff) onSignals(p, nowMs);
  const peak = p.s.settings.offGrid ? OFF_GRID_PEAK : p.peak();
  const expiry = expireOwner(p.s.owner, peak, nowMs);
  if (expiry !== null) {
    p.set("owner", expiry.state);
    for (const id of expiry.expiredOverrides) p.push({ type: "log", level: "info", message: `override of ${id} expired` });
    if (expiry.modeEnded !== null) p.pushHead({ type: "mode", mode: expiry.state.mode, reason: expiry.modeEnded });
  }

  // The energy manager's tanks move with time (boost end, legionella night, tonight's placed heat).
  const managed = stepManager(p.s.manager, p.s.managerView, p.s.settings.loads, p.s.tariff, nowMs);
  p.set("manager", managed.state);
  p.set("managerView", managed.view);
  if (p.s.manager !== prev.manager || p.s.managerView !== prev.managerView) {
    const moved = tankFactsBetween(p.s.settings.loads, prev.manager, prev.managerView, p.s.manager, p.s.managerView);
    if (moved !== null) for (let i = 0; i < moved.length; i++) p.push(moved[i]);
  }

  // 3. The PV surplus router (every few seconds), then every load: policy rules, then the budget, then anti-chatter
  // (unless nothing they depend on moved: a new surplus decision is such a move).
  if (surplusActive(p.s.surplus, p.s.settings)) {
    const o = p.s.overload;
    const surplus = stepSurplus(p.s.surplus, { settings: p.s.settings, period: p.s.tariff.period, overrun: o.active || o.shed.length > 0 || o.waiting.length > 0, nowMs, running: p.s.loads });
    if (surplus !== p.s.surplus) {
      if (surplus.decisions !== p.s.surplus.decisions) p.set("loadsPass", null);
      p.set("surplus", surplus);
    }
  }
  if (!passStands(p.s, peak, nowMs)) decideAll(p, peak, nowMs);

  // 4. Report the tariff when it moved (and once at start), then persist.
  const tariff = tariffFact(prev, p.s);
  persist(prev, p, nowMs);
  p.set("started", true);
  const effects = effectsOf(tariff, p.head, p.fx);
  return p.refused === undefined ? { state: p.s, effects } : { state: p.s, effects, refused: p.refused };
}

/** Step 3 when it must run: decide every load, and remember what from when the result stands still. */
function decideAll(p: Pass, peak: Peak, nowMs: number): void {
  const s = p.s;
  const o = s.overload;
  const step = decideLoads(s.loads, {
    configs: s.settings.loads,
    kinds: s.kinds,
    policy: {
      peak,
      mode: s.owner.mode,
      meter: s.settings.offGrid ? "ok" : s.meter.status,
      colourKnown: colourKnownOf(s.tariff),
      overrunActive: o.active,
      comingBack: o.shed.length === 0 ? o.waiting : o.waiting.length === 0 ? o.shed : o.shed.concat(o.waiting),
      overloadShed: o.shed,
      overloadNumbers: o.shedNumbers,
      restoredId: o.restoredId,
      manager: s.managerView ?? undefined,
      ecowattLevel: ecowattShedLevelOf(s, nowMs),
      surplus: s.surplus.decisions,
    },
    overrideOf: (id) => overrideOf(s.owner, id),
    budgetKnown: s.settings.offGrid || s.meter.status !== "waiting",
    totalW: totalAvailableW(s),
    baseW: s.meter.baseW,
    rotationPeriodMs: s.settings.rotationPeriodMs,
    nowMs,
  });
  // The memo is read from `s`, the inputs, before this step's own writes.
  p.set("loadsPass", step.settled ? passMemo(s, peak, nowMs, step.loads, step.budget) : null);
  p.set("loads", step.loads);
  if (step.heldBack.length > 0) p.set("overload", holdBack(p.s.overload, step.heldBack));
  if (step.switched) p.set("lastSwitchMs", nowMs);
  for (let i = 0; i < step.facts.length; i++) p.push(step.facts[i]);
}

function effectsOf(tariff: Effect | null, head: Effect[] | null, fx: Effect[] | null): Effect[] {
  if (tariff === null && head === null && fx === null) return NO_EFFECTS;
  const effects: Effect[] = [];
  if (tariff !== null) effects.push(tariff);
  if (head !== null) for (const e of head) effects.push(e);
  if (fx !== null) for (const e of fx) effects.push(e);
  return effects;
}

/** Step 1: the event in the slice it belongs to (a command may be refused, with why). */
function applyEvent(p: Pass, event: ControllerEvent, nowMs: number): void {
  const s = p.s;
  switch (event.type) {
    case "tic-frame":
      onFrame(p, event.reading, nowMs);
      break;
    case "tic-overload":
      onOverloadGroup(p, event.overload, nowMs);
      break;
    case "tick":
      p.set("loads", expireMeasured(s.loads, s.settings.loads, nowMs));
      break;
    case "tomorrow-external":
      p.set("tariff", applyExternalTomorrow(s.tariff, event.colour, event.source, nowMs));
      break;
    case "tariff-signal":
      p.set("signals", onTempoSignal(s.signals, event.colours));
      break;
    case "ecowatt-signal":
      p.set("signals", onEcowattSignal(s.signals, event.hours));
      break;
    case "output-confirmed":
      p.set("loads", onOutputConfirmed(s.loads, event.loadId, event.on));
      break;
    case "output-power":
      p.set("loads", onOutputPower(s.loads, event.loadId, event.powerW, nowMs));
      break;
    case "gx-reading":
      p.set("surplus", onGxMeasures(s.surplus, event, s.settings, nowMs));
      break;
    case "surplus-topic":
      p.set("surplus", onSurplusTopic(s.surplus, event.valueW, s.settings, nowMs));
      break;
    case "mode-request": {
      const peak = p.peak();
      const step = onModeRequest(s.owner, event.mode, peak, s.settings, nowMs);
      if (step.kind === "refused") {
        refuse(p, event.mode, step.reason);
        p.push({ type: "log", level: "info", message: `${event.mode} from ${event.source} refused: ${peak.detail}` });
      } else if (step.kind === "granted") {
        p.set("owner", step.state);
        p.ownerActed = true;
        if (step.changed) p.pushHead({ type: "mode", mode: step.state.mode, reason: `requested from ${event.source}` });
      }
      break;
    }
    case "load-override":
      if (!s.loads[event.loadId]) refuse(p, `override ${event.loadId}`, "unknown load");
      else {
        p.set("owner", withOverride(s.owner, event.loadId, event.override, event.override === "auto" ? undefined : event.untilMs));
        p.ownerActed = true;
      }
      break;
    case "thermostat": {
      const t = event.targetTemperatureC;
      if (t !== undefined && !(t >= TARGET_TEMPERATURE_C.min && t <= TARGET_TEMPERATURE_C.max)) {
        refuse(p, "thermostat", `targetTemperatureC: must be between ${TARGET_TEMPERATURE_C.min} and ${TARGET_TEMPERATURE_C.max}, got ${t}`);
      } else {
        const thermostat = { ...s.owner.thermostat };
        if (t !== undefined) thermostat.targetTemperatureC = t;
        if (event.displayUnits !== undefined) thermostat.displayUnits = event.displayUnits;
        p.set("owner", { ...s.owner, thermostat });
        p.ownerActed = true;
      }
      break;
    }
    case "settings":
      onSettings(p, event.patch, nowMs);
      break;
    case "tank-temperature":
      managerStep(p, `temperature ${event.loadId}`, onTankTemperature(s.manager, event.loadId, event.temperatureC, nowMs), false);
      break;
    case "dhw-boost":
      managerStep(p, `boost ${event.loadId}`, onBoost(s.manager, configById(s, event.loadId), event.durationMs, nowMs), true);
      break;
    case "forced-power":
      managerStep(p, `power ${event.loadId}`, onForcedPower(s.manager, configById(s, event.loadId), event.powerW), true);
      break;
  }
}

/** A manager reducer's result: the new state, or a refusal (a reason string). */
function managerStep(p: Pass, request: string, result: ManagerState | string, ownerAct: boolean): void {
  if (typeof result === "string") {
    refuse(p, request, result);
    return;
  }
  p.set("manager", result);
  if (ownerAct) p.push({ type: "log", level: "info", message: `${request}: done` });
}

function configById(s: ControllerState, id: string) {
  const loads = s.settings.loads;
  for (let i = 0; i < loads.length; i++) if (loads[i].id === id) return loads[i];
  return undefined;
}

/**
 * New verdicts of the signals slice go to the tariff: an online colour fills today when the meter says nothing; a
 * firm online colour is tomorrow's (the meter shows `----` until the evening). Each new disagreement is logged.
 */
function onSignals(p: Pass, nowMs: number): void {
  const was: SignalsState = p.s.signals;
  const next = reweigh(was, p.s.tariff, nowMs);
  p.set("signals", next);
  if (next.today === was.today && next.tomorrow === was.tomorrow) return;
  const online = (d: SignalDay | null): d is SignalDay => d !== null && d.colour !== "unknown" && !d.provenance.startsWith("meter");
  if (online(next.today)) p.set("tariff", applyExternalToday(p.s.tariff, next.today.colour, next.today.provenance, nowMs));
  if (online(next.tomorrow)) p.set("tariff", applyExternalTomorrow(p.s.tariff, next.tomorrow.colour, next.tomorrow.provenance, nowMs, true));
  for (const [name, day, before] of [["today", next.today, was.today], ["tomorrow", next.tomorrow, was.tomorrow]] as const) {
    if (day === null) continue;
    for (const d of day.disagreements) {
      if (before !== null && before.dayStartMs === day.dayStartMs && before.disagreements.indexOf(d) >= 0) continue;
      p.push({ type: "log", level: "warn", message: `tariff sources disagree on ${name} (${day.colour} from ${day.provenance}): ${d}` });
    }
  }
}

function refuse(p: Pass, request: string, reason: string): void {
  p.refused = reason;
  p.pushHead({ type: "refused", request, reason });
}

function onFrame(p: Pass, reading: TicReading, nowMs: number): void {
  const s = p.s;
  if (s.meter.status === "lost") p.pushHead({ type: "fault", fault: "meter-lost", active: false, detail: "valid frames again" });
  // A frame read just after a switch may predate it: only settled frames teach us the base load.
  const settled = s.lastSwitchMs === null || nowMs - s.lastSwitchMs >= OVERLOAD_SETTLE_MS;
  p.set("meter", onReading(s.meter, reading, nowMs, runningW(s.loads, s.settings.loads), settled));
  p.set("tariff", applyReading(p.s.tariff, reading, nowMs, p.s.settings.meterClockToleranceMs));
  p.set("surplus", onSurplusFrame(p.s.surplus, reading, p.s.settings, nowMs));
  const powerVA = p.s.meter.powerVA ?? undefined;
  const limit = limitOf(p.s);
  // Most frames: no overrun now, none being recovered from: nothing for the overload slice to do.
  if (!reading.overload.active && overloadIdle(p.s.overload)) return;
  const step = reading.overload.active
    ? onOverrun(p.s.overload, overloadViews(p.s), powerVA, limit, nowMs)
    : onQuietFrame(p.s.overload, p.s.settings.loads, powerVA, limit, p.s.settings.overloadRestoreMarginW, p.s.settings.overloadRestoreHoldMs, nowMs);
  p.set("overload", step.state);
  if (step.restoreNow) {
    const r = step.restoreNow;
    const message = r.shed ? `overload over: ${r.id} may run again` : `after the overrun: ${r.id} may start again`;
    p.push({ type: "log", level: "info", message, fields: r.numbers });
  }
  reportUnresolved(step, p, p.s.meter.powerVA, limit);
}

function onOverloadGroup(p: Pass, overload: TicOverloadEvent, nowMs: number): void {
  let drawnVA: number | undefined;
  if (overload.value !== undefined) drawnVA = overload.source === "SINSTS>PREF" ? overload.value : overload.value * VOLTS_PER_AMP_ESTIMATE;
  const step = onOverrun(p.s.overload, overloadViews(p.s), drawnVA, limitOf(p.s), nowMs);
  p.set("overload", step.state);
  if (step.shedNow.length > 0) {
    p.push({ type: "log", level: "warn", message: `overrun (${overload.source} ${overload.data}): shedding ${step.shedNow.map((x) => x.id).join(", ")}` });
  }
  reportUnresolved(step, p, drawnVA ?? null, limitOf(p.s));
}

function overloadViews(s: ControllerState): LoadView[] {
  return s.settings.loads.map((config) => ({ config, on: s.loads[config.id].on === true }));
}

function reportUnresolved(step: OverloadStep, p: Pass, powerVA: number | null, limit: number): void {
  const changed = step.unresolvedChanged;
  if (changed === null) return;
  const detail = changed ? `everything sheddable is off and the overrun goes on (${powerVA ?? "?"} VA > ${limit} VA)` : "overrun cleared";
  p.push({ type: "fault", fault: "overload-unresolved", active: changed, detail });
  p.push({ type: "log", level: changed ? "error" : "info", message: detail });
}

function onSettings(p: Pass, patch: SettingsPatch, nowMs: number): void {
  const s = p.s;
  const checked = validateSettings({ ...s.settings, ...patch }, s.kinds);
  if (!checked.ok) {
    refuse(p, "settings", checked.errors.map((e) => `${e.field}: ${e.message}`).join("; "));
    return;
  }
  const loads: Record<string, LoadRuntime> = {};
  for (const load of checked.settings.loads) loads[load.id] = s.loads[load.id] ?? freshLoad(tempoDayStartMs(nowMs));
  for (const id in s.loads) {
    if (loads[id]) continue;
    p.push({ type: "load", id, on: false, level: "off", allocatedW: 0, reason: "forced_off", detail: "removed from the settings" });
  }
  p.set("settings", checked.settings);
  p.set("loads", loads);
  p.set("owner", keepOverridesOf(s.owner, checked.settings.loads.map((l) => l.id)));
  p.set("manager", keepManagerOf(s.manager, checked.settings.loads));
  p.set("persistence", persistNow(s.persistence, "settings", checked.settings, p));
}

function tariffFact(prev: ControllerState, next: ControllerState): Effect | null {
  const a = prev.tariff;
  const b = next.tariff;
  const changed =
    !prev.started ||
    a.today !== b.today ||
    a.period !== b.period ||
    a.tomorrow !== b.tomorrow ||
    (a.suspicious !== b.suspicious && a.suspicious.join("|") !== b.suspicious.join("|"));
  if (!changed) return null;
  const effect: Effect = { type: "tariff", colour: b.today, period: b.period, tomorrow: b.tomorrow, source: b.todaySource };
  if (b.suspicious.length > 0) effect.suspicious = b.suspicious.slice();
  return effect;
}

/** Owner acts are written at once; colours (and HEAT/override expiries) debounced, as flash wears. */
function persist(prev: ControllerState, p: Pass, nowMs: number): void {
  if (p.ownerActed) p.set("persistence", persistNow(p.s.persistence, "owner", ownerRecord(p.s), p));
  // The manager's record holds owner acts (boosts, forced powers) and the last legionella run: written at once when
  // it changes (a probe reading changes the tanks, not the record; at most a boost's end or a hot tank once a day).
  if (prev.manager !== p.s.manager) {
    const record = managerRecord(p.s.manager);
    // A fresh box with nothing to remember writes nothing.
    if (p.s.persistence.written.manager !== undefined || !emptyRecord(record)) p.set("persistence", persistNow(p.s.persistence, "manager", record, p));
  }
  // Comparing the persisted JSON costs more than a quiet tick: only when something moved, or is due.
  const moved = !prev.started || prev.owner !== p.s.owner || coloursMoved(prev, p.s);
  if (!moved && p.s.persistence.dirtySinceMs === null) return;
  const d = debounce(p.s.persistence, moved, nowMs);
  p.set("persistence", d.state);
  if (!d.due) return;
  p.set("persistence", persistNow(p.s.persistence, "owner", ownerRecord(p.s), p));
  const tariff = tariffRecord(p.s);
  // Unknown colours are not worth a flash write on a fresh box.
  if (p.s.persistence.written.tariff === undefined && tariff.today === "unknown" && tariff.tomorrow === "unknown") return;
  p.set("persistence", persistNow(p.s.persistence, "tariff", tariff, p));
}

function coloursMoved(a: ControllerState, b: ControllerState): boolean {
  const x = a.tariff;
  const y = b.tariff;
  return x.dayStartMs !== y.dayStartMs || x.today !== y.today || x.tomorrow !== y.tomorrow || x.contract !== y.contract;
}

export function ownerRecord(s: ControllerState): NonNullable<PersistedState["owner"]> {
  const o = s.owner;
  return { mode: o.mode, heatUntilMs: o.heatUntilMs, overrides: { ...o.overrides }, thermostat: o.thermostat };
}

function tariffRecord(s: ControllerState): NonNullable<PersistedState["tariff"]> {
  const t = s.tariff;
  return { dayStartMs: t.dayStartMs, today: t.today, tomorrow: t.tomorrow, contract: t.contract };
}
