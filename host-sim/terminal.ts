// host-sim's output: a live one-screen view on a terminal, or one JSON object per line (pipes, tests).
// Never changes the box: it only reads the Device and turns keys into button levels.
import type { Effect } from "../src/app/types";
import type { Presentation } from "../src/publish/presentation";
import type { TicReading } from "../src/tic/types";
import type { Device } from "../src/device/device";
import { formatLocalIso } from "../src/tariff/local-time";

export interface View {
  line(object: Record<string, unknown>): void;
  reading(reading: TicReading, atMs: number): void;
  /** A fact or a presentation change from the Device's publish path. */
  effect(effect: Effect | Presentation, atMs: number): void;
  outputs(state: Record<string, boolean[]>, blueLit: boolean, bluePattern: string): void;
}

/** Compact, stable summary of a frame: what the e2e tests compare between a file and a serial replay. */
export function frameSummary(reading: TicReading): Record<string, unknown> {
  return {
    mode: reading.mode,
    meterId: reading.meterId,
    contract: reading.contract,
    colour: reading.current.colour,
    period: reading.current.period,
    tomorrow: reading.tomorrow.colour,
    powerVA: reading.apparentPowerVA,
    subscribedVA: reading.subscribedPowerVA,
    overload: reading.overload.active,
  };
}

export function jsonView(write: (line: string) => void): View {
  return {
    line: (object) => write(JSON.stringify(object)),
    reading: (reading, atMs) => write(JSON.stringify({ at: formatLocalIso(atMs), type: "frame", ...frameSummary(reading), counters: reading.counters })),
    effect: (effect, atMs) => {
      if (effect.type === "log") return;
      // Persist effects are shown (key only): scripts can tell when the owner's change is safely in the store.
      if (effect.type === "persist") write(JSON.stringify({ at: formatLocalIso(atMs), type: "persist", key: effect.key }));
      else write(JSON.stringify({ at: formatLocalIso(atMs), ...effect }));
    },
    outputs: () => undefined,
  };
}

type LoadEffect = Extract<Effect, { type: "load" }>;

/**
 * One load in words, as its owner thinks of it: what it is doing, and why when the box holds it back. Coil levels
 * would read backwards (fail-safe wiring: an energised coil is a shed load), so the status line never shows them.
 */
export function describeLoad(id: string, decision: LoadEffect | undefined): string {
  if (decision === undefined) return `${id} (no decision yet)`;
  const state = decision.order ?? (decision.on ? "ON" : "OFF");
  const why = decision.on && (decision.reason === "normal" || decision.reason === "boot") ? "" : ` (${decision.reason})`;
  return `${id} ${state}${why}`;
}

/** Redraws a status block in place; effects scroll above it. */
export function liveView(write: (text: string) => void): View {
  let last = "";
  let lastStatus = "";
  const decisions = new Map<string, LoadEffect>();
  const redraw = (status: string): void => {
    lastStatus = status;
    write(`\r\x1b[2K${status}`);
  };
  return {
    line: (object) => {
      write(`\r\x1b[2K${describeLine(object)}\n`);
      redraw(lastStatus);
    },
    reading: (reading) => {
      last = `meter ${reading.mode} ${reading.current.colour}/${reading.current.period} tomorrow ${reading.tomorrow.colour} ${reading.apparentPowerVA ?? "?"} VA`;
    },
    effect: (effect, atMs) => {
      if (effect.type === "load") decisions.set(effect.id, effect);
      if (effect.type === "log" || effect.type === "persist" || effect.type === "homekit") return;
      const time = formatLocalIso(atMs).slice(11, 19);
      const text =
        effect.type === "load" ? `${describeLoad(effect.id, effect)} ${effect.detail}`
        : effect.type === "mode" ? `mode ${effect.mode} (${effect.reason})`
        : effect.type === "refused" ? `refused ${effect.request}: ${effect.reason}`
        : effect.type === "tariff" ? `tariff ${effect.colour} ${effect.period}, tomorrow ${effect.tomorrow} [${effect.source}]`
        : effect.type === "led" ? `LED ${effect.pattern}`
        : effect.type === "tank" ? `tank ${effect.id} ${effect.temperatureC ?? "?"} °C, ${effect.want}: ${effect.detail}`
        : `fault ${effect.fault} ${effect.active ? "ON" : "cleared"}: ${effect.detail}`;
      write(`\r\x1b[2K${time}  ${text}\n`);
      redraw(lastStatus);
    },
    outputs: (state, blueLit, bluePattern) => {
      const loads = Object.keys(state).map((id) => describeLoad(id, decisions.get(id))).join(", ");
      redraw(`\x1b[31m●\x1b[0m ${blueLit ? "\x1b[34m●\x1b[0m" : "○"} ${bluePattern.padEnd(19)} ${loads}  ${last}`);
    },
  };
}

/** The boot report and other notices, in words (the JSON view keeps the fields). */
function describeLine(o: Record<string, unknown>): string {
  if (o.type === "boot") {
    return [
      `délesteur host simulator — ${o.reason === "boot" ? "started" : `restarted (${String(o.reason)})`}`,
      `  meter      ${String(o.meter)} (TIC mode ${String(o.ticMode)})`,
      `  state dir  ${String(o.stateDir)}`,
      `  mode       ${String(o.mode)}    loads: ${String(o.loads) || "none"}`,
      `  keys       b = press the button, h = hold/release it, q = quit`,
    ].join("\n");
  }
  if (o.type === "homekit" && typeof o.port === "number") return `HomeKit    port ${o.port}, ${o.paired ? "paired" : "not paired: add it in the Home app with the code above"}`;
  if (o.type === "restart") return `restart: ${String(o.reason)} → ${String(o.into)}`;
  if (o.type === "portal") return `set-up portal ${String(o.url)} (captive DNS on port ${String(o.dnsPort)}; try: ${String(o.try)})`;
  return Object.entries(o).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join("  ");
}

/**
 * b = short press, h = hold/release, q or Ctrl-C = quit. On a terminal, single keys (raw mode); on a pipe, the
 * same letters one per line, so scripts and tests press the button too.
 */
export function keyboardButton(device: () => Device | undefined, onQuit: () => void): () => void {
  const stdin = process.stdin;
  const raw = stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  stdin.resume();
  let holding = false;
  const onKey = (key: string): void => {
    const d = device();
    if (key === "q" || key === "\u0003") onQuit();
    else if (key === "b" && d) {
      d.pressButton(true);
      setTimeout(() => d.pressButton(false), 150);
    } else if (key === "h" && d) {
      holding = !holding;
      d.pressButton(holding);
    }
  };
  const onData = (data: Buffer): void => {
    const text = data.toString();
    if (raw) onKey(text);
    else for (const line of text.split("\n")) if (line.trim()) onKey(line.trim());
  };
  stdin.on("data", onData);
  return () => {
    stdin.off("data", onData);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
  };
}
