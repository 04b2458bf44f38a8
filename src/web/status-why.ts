// Why a load is on or off, in the page's language, from the engine's codes and numbers (never from its English detail).
// Pure: never reads the clock; an end time is given only when the engine's facts fix it, never guessed.

import type { ControllerSnapshot, DecisionNumbers, LoadSnapshot } from "../app/types";
import type { Lang } from "../text/i18n";
import { intText, untilText } from "../text/clock";
import { civilFromDays, daysFromCivil, localParts, localToUtc } from "../tariff/local-time";
import { TEMPO_HOURS } from "../tariff/tempo-calendar";
import { HOLD_TEXTS, STATUS_TEXTS, fill } from "./status-texts";
import { COLOUR_TEXTS, REASON_TEXTS, WEB_TEXTS } from "./texts";

export interface LoadWhy {
  /** "coupé jusqu’à 22 h : jour rouge, heures pleines" / "off until 22:00: red day, peak hours". */
  headline: string;
  /** The numbers behind it, as sentences (may be empty). */
  lines: string[];
  /** When the state ends, when the engine's facts say (UTC ms). */
  untilMs?: number;
}

/** The end of today's peak hours (22:00 French time) while `nowMs` is in them; undefined outside them. */
export function peakEndMs(nowMs: number): number | undefined {
  const p = localParts(nowMs);
  if (p.hour < TEMPO_HOURS.peakStartHour || p.hour >= TEMPO_HOURS.peakEndHour) return undefined;
  return localToUtc(p.year, p.month, p.day, TEMPO_HOURS.peakEndHour);
}

/** The end of the off-peak hours (the next 06:00 French time) while `nowMs` is in them; undefined in the peak. */
export function offPeakEndMs(nowMs: number): number | undefined {
  const p = localParts(nowMs);
  if (p.hour >= TEMPO_HOURS.peakStartHour && p.hour < TEMPO_HOURS.peakEndHour) return undefined;
  const day = p.hour >= TEMPO_HOURS.peakEndHour ? civilFromDays(daysFromCivil(p.year, p.month, p.day) + 1) : p;
  return localToUtc(day.year, day.month, day.day, TEMPO_HOURS.peakStartHour);
}

/** Where a colour or a period came from (the engine's source code), as words; undefined when none is worth saying. */
export function sourceWords(lang: Lang, source: unknown): string | undefined {
  const t = STATUS_TEXTS[lang];
  if (source === "PTEC" || source === "NTARF" || source === "LTARF" || source === "STGE" || source === "DEMAIN" || source === "meter") return t.fromMeter;
  if (source === "clock") return t.fromClock;
  if (source === "remembered") return t.fromMemory;
  if (typeof source === "string" && source.indexOf("rolled from tomorrow") === 0) return t.fromYesterday;
  return undefined;
}

const num = (numbers: DecisionNumbers | undefined, key: string): number | undefined => {
  const v = numbers?.[key];
  return typeof v === "number" && isFinite(v) ? v : undefined;
};

/** When the decision's state ends, from the facts that fix it: the hold's end, the peak's end, the owner's end time. */
function untilOf(load: LoadSnapshot, s: ControllerSnapshot, nowMs: number): number | undefined {
  if (load.held !== undefined) return load.held.untilMs > nowMs ? load.held.untilMs : undefined;
  switch (load.reason) {
    case "red_peak":
    case "white_peak":
      return s.tariff.period === "hp" ? peakEndMs(nowMs) : undefined;
    case "forced_off":
    case "forced_on":
      return load.overrideUntilMs;
    case "heat_mode":
      return s.heatUntilMs ?? undefined;
    default:
      return undefined;
  }
}

function numberLines(lang: Lang, load: LoadSnapshot): string[] {
  const t = STATUS_TEXTS[lang];
  const n = load.numbers;
  switch (load.reason) {
    case "red_peak":
    case "white_peak":
    case "heat_mode": {
      if (n?.colour === "unknown") {
        return [fill(t.colourUnknownAs, { colour: COLOUR_TEXTS[lang][load.reason === "red_peak" ? "red" : "white"] })];
      }
      const colour = sourceWords(lang, n?.colourSource);
      const period = sourceWords(lang, n?.periodSource);
      if (colour === undefined || period === undefined) return [];
      return [colour === period ? fill(t.bothFrom, { source: colour }) : fill(t.colourFrom, { colour, period })];
    }
    case "overload": {
      const drawn = num(n, "drawnVA");
      const limit = num(n, "limitVA");
      if (drawn === undefined || limit === undefined) return [t.overloadWarning];
      return [fill(t.overloadNumbers, { drawn: intText(lang, drawn), limit: intText(lang, limit) })];
    }
    case "budget":
    case "rotation": {
      const requested = num(n, "requestedW");
      const available = num(n, "availableW");
      if (requested === undefined || available === undefined) return [];
      return [fill(t.budgetNumbers, { requested: intText(lang, requested), available: intText(lang, Math.max(0, available)) })];
    }
    // The PV surplus router (src/surplus): only numbers that stay true while the decision stands.
    case "no_surplus": {
      const need = num(n, "needW");
      return need === undefined ? [] : [fill(t.surplusNeed, { need: intText(lang, need) })];
    }
    case "surplus": {
      const lines: string[] = [];
      const need = num(n, "needW");
      const surplus = num(n, "routableW");
      if (need !== undefined && surplus !== undefined) lines.push(fill(t.surplusStarted, { surplus: intText(lang, surplus), need: intText(lang, need) }));
      const setpoint = num(n, "setpointW");
      if (setpoint !== undefined && load.kind === "modulating") lines.push(fill(t.surplusSetpoint, { setpoint: intText(lang, setpoint) }));
      return lines;
    }
    case "guarantee": {
      const ms = num(n, "guaranteeMs");
      return ms === undefined ? [] : [fill(t.guaranteeNeed, { minutes: intText(lang, Math.round(ms / 60_000)) })];
    }
    default:
      return [];
  }
}

/** The load's state, until when, and why — a hold first (it is what keeps the load where it is), then the decision. */
export function loadWhy(lang: Lang, load: LoadSnapshot, s: ControllerSnapshot, nowMs: number): LoadWhy {
  const w = WEB_TEXTS[lang];
  const t = STATUS_TEXTS[lang];
  const untilMs = untilOf(load, s, nowMs);
  const state = load.on ? w.on : w.off;
  const until = untilMs !== undefined ? ` ${untilText(lang, untilMs, nowMs)}` : "";
  const colon = lang === "fr" ? " : " : ": ";
  const held = load.held;
  const reason = held !== undefined ? HOLD_TEXTS[lang][held.by] : REASON_TEXTS[lang][load.reason];
  const lines: string[] = [];
  if (held !== undefined) {
    lines.push(fill(t.then, { state: held.wantsOn ? w.on : w.off, reason: REASON_TEXTS[lang][held.wantsReason] }));
  } else {
    for (const line of numberLines(lang, load)) lines.push(line);
  }
  const why: LoadWhy = { headline: state + until + colon + reason, lines };
  if (untilMs !== undefined) why.untilMs = untilMs;
  return why;
}
