// The status page's lines about a water heater's tank (temperature or the probe's fault, target, boost, anti-legionella)
// and a heat pump's SG-Ready state and why, from the manager's codes and numbers. Pure; never reads the clock.

import type { ControllerSnapshot, LoadConfig, LoadSnapshot, Settings, TankSnapshot } from "../app/types";
import { TANK } from "../manager/tank";
import type { Lang } from "../text/i18n";
import { sinceText, untilText } from "../text/clock";
import { escapeHtml } from "../text/html";
import { sgStateOf } from "./events";
import { STATUS_TEXTS, fill } from "./status-texts";
import { ORDER_TEXTS, REASON_TEXTS } from "./texts";

/** A probe's reading as each language writes it: one decimal at most, a comma in French (52,5 °C). */
export function degreesText(lang: Lang, value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const text = String(rounded);
  return lang === "fr" ? text.replace(".", ",") : text;
}

function configOf(settings: Settings | undefined, id: string): LoadConfig | undefined {
  const loads = settings?.loads ?? [];
  for (let i = 0; i < loads.length; i++) if (loads[i].id === id) return loads[i];
  return undefined;
}

function tankOf(s: ControllerSnapshot, id: string): TankSnapshot | undefined {
  for (let i = 0; i < s.manager.tanks.length; i++) if (s.manager.tanks[i].id === id) return s.manager.tanks[i];
  return undefined;
}

type ProbeState = "reading" | "none" | "failed" | "silent" | "no-reading";

/** What the page can say of the probe: a fresh reading, none wired, failed, silent too long (stale), none yet. */
function probeState(probe: boolean, tank: TankSnapshot | undefined, nowMs: number): ProbeState {
  if (!probe) return "none";
  if (tank === undefined || tank.readAtMs === null) return "no-reading";
  if (tank.temperatureC === null) return "failed";
  return nowMs - tank.readAtMs >= TANK.probeStaleMs ? "silent" : "reading";
}

/** The temperature line: the reading and the target, or why there is none. */
function temperatureLine(lang: Lang, state: ProbeState, tank: TankSnapshot | undefined, targetC: number, heatPump: boolean, nowMs: number): string {
  const t = STATUS_TEXTS[lang];
  const target = String(targetC);
  switch (state) {
    case "reading":
      return fill(heatPump ? t.waterAt : t.tankAt, { temperature: degreesText(lang, (tank as TankSnapshot).temperatureC as number), target });
    case "none":
      return t.probeNone;
    case "failed":
      return fill(t.probeFailed, { target });
    case "silent":
      return fill(t.probeSilent, { since: sinceText(lang, (tank as TankSnapshot).readAtMs as number, nowMs), target });
    default:
      return fill(t.probeNoReading, { target });
  }
}

function line(cls: string, text: string, data = ""): string {
  return `<p class="hint ${cls}"${data}>${escapeHtml(text)}</p>`;
}

/** A water heater: its tank, a boost with its end, anti-legionella while it runs or when it is due. */
function waterHeaterLines(lang: Lang, c: Extract<LoadConfig, { kind: "water-heater" }>, tank: TankSnapshot | undefined, nowMs: number): string {
  const t = STATUS_TEXTS[lang];
  const state = probeState(c.probe, tank, nowMs);
  let html = line("tank", temperatureLine(lang, state, tank, c.targetTemperatureC, false, nowMs), ` data-probe="${state}"`);
  if (tank !== undefined && tank.boostUntilMs !== null && tank.boostUntilMs > nowMs) {
    const until = untilText(lang, tank.boostUntilMs, nowMs);
    const text = c.probe ? fill(t.boostUntilOrTarget, { until, target: String(c.targetTemperatureC) }) : fill(t.boostUntil, { until });
    html += line("boost", text, ` data-until="${tank.boostUntilMs}"`);
  }
  if (tank !== undefined && tank.legionellaRunning) {
    // Without a fresh reading the manager keeps the relay closed all night (plan.ts): say that, not a temperature aim.
    html += line("legionella", state === "reading" ? fill(t.legionellaRunning, { target: String(TANK.legionellaC) }) : t.legionellaNight, ` data-legionella="running"`);
  } else if (c.legionella && (tank === undefined || tank.legionellaDoneMs === null || nowMs - tank.legionellaDoneMs >= TANK.weekMs)) {
    html += line("legionella", t.legionellaDue, ` data-legionella="due"`);
  }
  return html;
}

/** Why a heat pump is in its SG-Ready state, in words from the decision's reason (and the tariff for a recommendation). */
function sgWhy(lang: Lang, load: LoadSnapshot, s: ControllerSnapshot): string {
  const t = STATUS_TEXTS[lang];
  if (load.order === "sg-recommended" && load.reason === "sg_recommended") return s.tariff.colour === "blue" ? t.sgBlueNight : t.sgOffPeak;
  if (load.order === "sg-normal" && load.reason === "normal") return t.sgNeither;
  return REASON_TEXTS[lang][load.reason];
}

function heatPumpLines(lang: Lang, c: Extract<LoadConfig, { kind: "sg-ready" }>, load: LoadSnapshot, s: ControllerSnapshot, nowMs: number): string {
  const n = sgStateOf(load.order);
  let html = "";
  if (n !== null && load.order !== undefined) {
    const text = fill(STATUS_TEXTS[lang].sgLine, { state: String(n), words: ORDER_TEXTS[lang][load.order], why: sgWhy(lang, load, s) });
    html += line("sg", text, ` data-sg="${n}"`);
  }
  if (c.probe) {
    const tank = tankOf(s, c.id);
    const state = probeState(true, tank, nowMs);
    html += line("tank", temperatureLine(lang, state, tank, c.targetTemperatureC, true, nowMs), ` data-probe="${state}"`);
  }
  return html;
}

/** The lines a load card adds for a water heater or a heat pump (empty for other kinds or without its settings). */
export function managerLines(lang: Lang, load: LoadSnapshot, s: ControllerSnapshot, settings: Settings | undefined, nowMs: number): string {
  const c = configOf(settings, load.id);
  if (c === undefined) return "";
  if (c.kind === "water-heater") return waterHeaterLines(lang, c, tankOf(s, c.id), nowMs);
  if (c.kind === "sg-ready") return heatPumpLines(lang, c, load, s, nowMs);
  return "";
}
