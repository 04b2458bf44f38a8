// The Controller reducer: transition(state, event, now) → { state, effects, refused? }, a fixed pipeline of slices:
// event → meter watchdog → tariff clock → owner expiry → loads (policy, budget, anti-chatter) → tariff fact → persistence.
// Pure and deterministic: no timers, no clock reads, no IO; the previous state is never mutated.

import { decideLoads, freshLoad, onOutputConfirmed, runningW, type LoadRuntime } from "../loads/loads";
import { onReading, watchMeter } from "../meter/meter";
import { holdBack, onOverrun, onQuietFrame, OVERLOAD_SETTLE_MS, VOLTS_PER_AMP_ESTIMATE, type LoadView, type OverloadStep } from "../overload/overload";
import { expireOwner, keepOverridesOf, onModeRequest, overrideOf, withOverride } from "../owner/owner";
import { debounce, persistNow } from "../persistence/persistence";
import { validateSettings } from "../settings/validate";
import { peakOf } from "../tariff/peak";
import { advanceClock, applyExternalTomorrow, applyReading } from "../tariff/tariff-tracker";
import { tempoDayStartMs } from "../tariff/tempo-calendar";
import type { TicOverloadEvent, TicReading } from "../tic/types";
import { limitOf, totalAvailableW, type ControllerState } from "./state";
import type { ControllerEvent, Effect, PersistedState, SettingsPatch } from "./types";

export interface TransitionResult {
  state: ControllerState;
  effects: Effect[];
  /** Set when the event was a command the Controller refused, with why. */
  refused?: string;
}

/** The Home app's target temperature range (HAP Thermostat). */
const TARGET_TEMPERATURE_C = Object.freeze({ min: 10, max: 38 });

/** Working lists of one transition: `head` facts come before the loads' (refusals, mode, faults). */
interface Pass {
  head: Effect[];
  fx: Effect[];
  refused?: string;
  /** The owner acted (mode, override, thermostat): written at once, a power cut must not undo it. */
  ownerActed: boolean;
}

export function transition(prev: ControllerState, event: ControllerEvent, nowMs: number): TransitionResult {
  const s: ControllerState = { ...prev };
  const p: Pass = { head: [], fx: [], ownerActed: false };

  // 1. The event, in its slice.
  applyEvent(s, event, nowMs, p);

  // 2. Time-driven facts, in dependency order: meter watchdog → our clock → overrides and HEAT.
  const watched = watchMeter(s.meter, s.bootMs, nowMs, s.settings.meterLostTimeoutMs);
  if (watched.lostDetail !== null) {
    s.meter = watched.state;
    p.head.push({ type: "fault", fault: "meter-lost", active: true, detail: watched.lostDetail });
    p.fx.push({ type: "log", level: "warn", message: watched.lostDetail });
  }
  if (event.type !== "tic-frame") s.tariff = advanceClock(s.tariff, nowMs, s.meter.status === "ok");
  const peak = peakOf(s.tariff, s.settings.unknownColourPolicy);
  const expiry = expireOwner(s.owner, peak, nowMs);
  if (expiry.state !== s.owner) {
    s.owner = expiry.state;
    for (const id of expiry.expiredOverrides) p.fx.push({ type: "log", level: "info", message: `override of ${id} expired` });
    if (expiry.modeEnded !== null) p.head.push({ type: "mode", mode: s.owner.mode, reason: expiry.modeEnded });
  }

  // 3. Every load: policy rules, then the budget, then anti-chatter.
  const o = s.overload;
  const step = decideLoads(s.loads, {
    configs: s.settings.loads,
    kinds: s.kinds,
    policy: {
      peak,
      mode: s.owner.mode,
      meter: s.meter.status,
      colourKnown: s.tariff.today !== "unknown" || (s.tariff.contract !== "tempo" && s.tariff.contract !== "unknown"),
      overrunActive: o.active,
      comingBack: o.shed.length === 0 ? o.waiting : o.waiting.length === 0 ? o.shed : o.shed.concat(o.waiting),
      overloadShed: o.shed,
      overloadNumbers: o.shedNumbers,
      restoredId: o.restoredId,
    },
    overrideOf: (id) => overrideOf(s.owner, id),
    budgetKnown: s.meter.status !== "waiting",
    totalW: totalAvailableW(s),
    baseW: s.meter.baseW,
    rotationPeriodMs: s.settings.rotationPeriodMs,
    nowMs,
  });
  s.loads = step.loads;
  if (step.heldBack.length > 0) s.overload = holdBack(s.overload, step.heldBack);
  if (step.switched) s.lastSwitchMs = nowMs;
  for (const fact of step.facts) p.fx.push(fact);

  // 4. Report the tariff when it moved (and once at start), then persist.
  const tariff = tariffFact(prev, s);
  persist(prev, s, p, nowMs);
  s.started = true;
  const effects = tariff ? [tariff, ...p.head, ...p.fx] : p.head.concat(p.fx);
  return p.refused === undefined ? { state: s, effects } : { state: s, effects, refused: p.refused };
}

/** Step 1: the event in the slice it belongs to (a command may be refused, with why). */
function applyEvent(s: ControllerState, event: ControllerEvent, nowMs: number, p: Pass): void {
  switch (event.type) {
    case "tic-frame":
      onFrame(s, event.reading, nowMs, p);
      break;
    case "tic-overload":
      onOverloadGroup(s, event.overload, nowMs, p);
      break;
    case "tick":
      break;
    case "tomorrow-external":
      s.tariff = applyExternalTomorrow(s.tariff, event.colour, event.source, nowMs);
      break;
    case "output-confirmed":
      s.loads = onOutputConfirmed(s.loads, event.loadId, event.on);
      break;
    case "mode-request": {
      const step = onModeRequest(s.owner, event.mode, peakOf(s.tariff, s.settings.unknownColourPolicy), s.settings, nowMs);
      if (step.kind === "refused") {
        refuse(p, event.mode, step.reason);
        p.fx.push({ type: "log", level: "info", message: `${event.mode} from ${event.source} refused: ${peakOf(s.tariff, s.settings.unknownColourPolicy).detail}` });
      } else if (step.kind === "granted") {
        s.owner = step.state;
        p.ownerActed = true;
        if (step.changed) p.head.push({ type: "mode", mode: s.owner.mode, reason: `requested from ${event.source}` });
      }
      break;
    }
    case "load-override":
      if (!s.loads[event.loadId]) refuse(p, `override ${event.loadId}`, "unknown load");
      else {
        s.owner = withOverride(s.owner, event.loadId, event.override, event.override === "auto" ? undefined : event.untilMs);
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
        s.owner = { ...s.owner, thermostat };
        p.ownerActed = true;
      }
      break;
    }
    case "settings":
      onSettings(s, event.patch, nowMs, p);
      break;
  }
}

function refuse(p: Pass, request: string, reason: string): void {
  p.refused = reason;
  p.head.push({ type: "refused", request, reason });
}

function onFrame(s: ControllerState, reading: TicReading, nowMs: number, p: Pass): void {
  if (s.meter.status === "lost") p.head.push({ type: "fault", fault: "meter-lost", active: false, detail: "valid frames again" });
  // A frame read just after a switch may predate it: only settled frames teach us the base load.
  const settled = s.lastSwitchMs === null || nowMs - s.lastSwitchMs >= OVERLOAD_SETTLE_MS;
  s.meter = onReading(s.meter, reading, nowMs, runningW(s.loads), settled);
  s.tariff = applyReading(s.tariff, reading, nowMs, s.settings.meterClockToleranceMs);
  const powerVA = s.meter.powerVA ?? undefined;
  const limit = limitOf(s);
  const step = reading.overload.active
    ? onOverrun(s.overload, overloadViews(s), powerVA, limit, nowMs)
    : onQuietFrame(s.overload, s.settings.loads, powerVA, limit, s.settings.overloadRestoreMarginW, s.settings.overloadRestoreHoldMs, nowMs);
  s.overload = step.state;
  if (step.restoreNow) {
    const r = step.restoreNow;
    const message = r.shed ? `overload over: ${r.id} may run again` : `after the overrun: ${r.id} may start again`;
    p.fx.push({ type: "log", level: "info", message, fields: r.numbers });
  }
  reportUnresolved(step, p, s.meter.powerVA, limit);
}

function onOverloadGroup(s: ControllerState, overload: TicOverloadEvent, nowMs: number, p: Pass): void {
  let drawnVA: number | undefined;
  if (overload.value !== undefined) drawnVA = overload.source === "SINSTS>PREF" ? overload.value : overload.value * VOLTS_PER_AMP_ESTIMATE;
  const step = onOverrun(s.overload, overloadViews(s), drawnVA, limitOf(s), nowMs);
  s.overload = step.state;
  if (step.shedNow.length > 0) {
    p.fx.push({ type: "log", level: "warn", message: `overrun (${overload.source} ${overload.data}): shedding ${step.shedNow.map((x) => x.id).join(", ")}` });
  }
  reportUnresolved(step, p, drawnVA ?? null, limitOf(s));
}

function overloadViews(s: ControllerState): LoadView[] {
  return s.settings.loads.map((config) => ({ config, on: s.loads[config.id].on === true }));
}

function reportUnresolved(step: OverloadStep, p: Pass, powerVA: number | null, limit: number): void {
  const changed = step.unresolvedChanged;
  if (changed === null) return;
  const detail = changed ? `everything sheddable is off and the overrun goes on (${powerVA ?? "?"} VA > ${limit} VA)` : "overrun cleared";
  p.fx.push({ type: "fault", fault: "overload-unresolved", active: changed, detail });
  p.fx.push({ type: "log", level: changed ? "error" : "info", message: detail });
}

function onSettings(s: ControllerState, patch: SettingsPatch, nowMs: number, p: Pass): void {
  const checked = validateSettings({ ...s.settings, ...patch }, s.kinds);
  if (!checked.ok) {
    refuse(p, "settings", checked.errors.map((e) => `${e.field}: ${e.message}`).join("; "));
    return;
  }
  const loads: Record<string, LoadRuntime> = {};
  for (const load of checked.settings.loads) loads[load.id] = s.loads[load.id] ?? freshLoad(tempoDayStartMs(nowMs));
  for (const id in s.loads) {
    if (loads[id]) continue;
    p.fx.push({ type: "load", id, on: false, level: "off", allocatedW: 0, reason: "forced_off", detail: "removed from the settings" });
  }
  s.settings = checked.settings;
  s.loads = loads;
  s.owner = keepOverridesOf(s.owner, checked.settings.loads.map((l) => l.id));
  s.persistence = persistNow(s.persistence, "settings", checked.settings, p.fx);
}

function tariffFact(prev: ControllerState, next: ControllerState): Effect | null {
  const a = prev.tariff;
  const b = next.tariff;
  const changed =
    !prev.started || a.today !== b.today || a.period !== b.period || a.tomorrow !== b.tomorrow || a.suspicious.join("|") !== b.suspicious.join("|");
  if (!changed) return null;
  const effect: Effect = { type: "tariff", colour: b.today, period: b.period, tomorrow: b.tomorrow, source: b.todaySource };
  if (b.suspicious.length > 0) effect.suspicious = b.suspicious.slice();
  return effect;
}

/** Owner acts are written at once; colours (and HEAT/override expiries) debounced, as flash wears. */
function persist(prev: ControllerState, s: ControllerState, p: Pass, nowMs: number): void {
  const facts = p.fx;
  if (p.ownerActed) s.persistence = persistNow(s.persistence, "owner", ownerRecord(s), facts);
  // Comparing the persisted JSON costs more than a quiet tick: only when something moved, or is due.
  const moved = !prev.started || prev.owner !== s.owner || coloursMoved(prev, s);
  const d = debounce(s.persistence, moved, nowMs);
  s.persistence = d.state;
  if (!d.due) return;
  s.persistence = persistNow(s.persistence, "owner", ownerRecord(s), facts);
  const tariff = tariffRecord(s);
  // Unknown colours are not worth a flash write on a fresh box.
  if (s.persistence.written.tariff === undefined && tariff.today === "unknown" && tariff.tomorrow === "unknown") return;
  s.persistence = persistNow(s.persistence, "tariff", tariff, facts);
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
