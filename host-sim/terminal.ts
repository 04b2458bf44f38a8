// host-sim's output: a live view on a terminal (a status region redrawn in place, logs scrolling below it), or one
// JSON object per line (pipes, tests). Never changes the box: it only reads the Device and turns keys into button levels.
import type { ControllerSnapshot, Effect, LoadSnapshot } from "../src/app/types";
import type { Presentation } from "../src/publish/presentation";
import type { TicReading } from "../src/tic/types";
import type { Device } from "../src/device/device";
import { formatLocalIso, localParts } from "../src/tariff/local-time";
import { clockText, intText, sinceText, untilText } from "../src/text/clock";
import { loadWhy, offPeakEndMs, peakEndMs } from "../src/web/status-why";
import { COLOUR_TEXTS, ORDER_TEXTS, REASON_TEXTS } from "../src/web/texts";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface View {
  /** A notice (boot report, web page, HomeKit, restart…) as fields. */
  line(object: Record<string, unknown>): void;
  /** Text meant for a person as it is (HomeKit's setup code and QR code). */
  banner(text: string): void;
  /** A log record from the box's logger. */
  log(level: LogLevel, message: string, fields: Record<string, unknown> | undefined, atMs: number): void;
  reading(reading: TicReading, atMs: number): void;
  /** A fact or a presentation change from the Device's publish path. */
  effect(effect: Effect | Presentation, atMs: number): void;
  /** The outputs and LEDs now (called every 100 ms): the live view redraws its status region if anything moved. */
  outputs(state: Record<string, boolean[]>, blueLit: boolean, bluePattern: string): void;
  /** The terminal changed size: lay the screen out again. */
  resize(): void;
  /** Leave the terminal as it was found (scroll region reset, cursor below everything). */
  close(): void;
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

export interface JsonViewOptions {
  /** One line per meter frame too (`--json-frames`); by default only decisions and notices. */
  frames?: boolean;
  /** Where log records go (stderr in host-sim): stdout stays one kind of line a script can parse. */
  writeLog?: (line: string) => void;
}

/** Every time is French local time with its offset (formatLocalIso), in decisions and logs alike. */
export function jsonView(write: (line: string) => void, options: JsonViewOptions = {}): View {
  return {
    line: (object) => write(JSON.stringify(object)),
    banner: (text) => write(JSON.stringify({ type: "homekit-banner", text })),
    log: (level, message, fields, atMs) => options.writeLog?.(JSON.stringify({ at: formatLocalIso(atMs), level, message, ...fields })),
    reading: (reading, atMs) => {
      if (options.frames) write(JSON.stringify({ at: formatLocalIso(atMs), type: "frame", ...frameSummary(reading), counters: reading.counters }));
    },
    effect: (effect, atMs) => {
      if (effect.type === "log") return;
      // Persist effects are shown (key only): scripts can tell when the owner's change is safely in the store.
      if (effect.type === "persist") write(JSON.stringify({ at: formatLocalIso(atMs), type: "persist", key: effect.key }));
      else write(JSON.stringify({ at: formatLocalIso(atMs), ...effect }));
    },
    outputs: () => undefined,
    resize: () => undefined,
    close: () => undefined,
  };
}

type LoadEffect = Extract<Effect, { type: "load" }>;

/**
 * One load in words, as its owner thinks of it: what it is doing, and why when the box holds it back. Coil levels
 * would read backwards (fail-safe wiring: an energised coil is a shed load), so the view never shows them.
 */
export function describeLoad(id: string, decision: LoadEffect | undefined): string {
  if (decision === undefined) return `${id} (no decision yet)`;
  const state = decision.order ?? (decision.on ? "ON" : "OFF");
  const why = decision.on && (decision.reason === "normal" || decision.reason === "boot") ? "" : ` (${decision.reason})`;
  return `${id} ${state}${why}`;
}

/** The live view is laid out for this many columns at least; narrower terminals get each line cut to their width. */
export const MIN_COLUMNS = 80;
/** Rows kept for the logs below the status region, whatever the terminal's height. */
const MIN_LOG_ROWS = 3;
/** Log lines that wrap continue under their text, past the time stamp ("HH:MM:SS  "). */
const LOG_INDENT = "          ";

/** `text` cut to `width` columns, an ellipsis marking the cut (every character the view writes is one column wide). */
export function fit(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + "…";
}

/** `text` broken into lines of at most `width` columns, at spaces where it can; continuation lines indented. */
export function wrap(text: string, width: number, indent = LOG_INDENT): string[] {
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    let rest = raw;
    let first = true;
    for (;;) {
      const room = first ? width : width - indent.length;
      if (rest.length <= room) {
        out.push((first ? "" : indent) + rest);
        break;
      }
      const space = rest.lastIndexOf(" ", room);
      const cut = space > room / 2 ? space : room;
      out.push((first ? "" : indent) + rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, "");
      first = false;
    }
  }
  return out;
}

export interface StatusInput {
  snapshot: ControllerSnapshot | undefined;
  nowMs: number;
  blueLit: boolean;
  bluePattern: string;
}

const twoDigits = (n: number): string => (n < 10 ? "0" : "") + n;

/** Hours, minutes and seconds in French local time (the header says the offset once). */
export function stampOf(atMs: number): string {
  const p = localParts(atMs);
  return `${twoDigits(p.hour)}:${twoDigits(p.minute)}:${twoDigits(p.second)}`;
}

/** The status region's lines (not yet cut to the width): mode, tariff today and tomorrow, power, and each load and why. */
export function statusLines(input: StatusInput): string[] {
  const s = input.snapshot;
  const now = input.nowMs;
  const offset = `UTC+0${localParts(now).offsetHours}:00`;
  const led = `LED ${input.blueLit ? "●" : "○"} ${input.bluePattern}`;
  if (s === undefined) return [`délesteur  ${stampOf(now)} ${offset}  starting…  ${led}`];
  const mode = s.mode === "HEAT" ? `HEAT${s.heatUntilMs !== null ? ` ${untilText("en", s.heatUntilMs, now)}` : ""}` : "AUTO";
  const c = COLOUR_TEXTS.en;
  const endMs = s.tariff.period === "hp" ? peakEndMs(now) : offPeakEndMs(now);
  const period = `${s.tariff.period === "hp" ? "peak hours" : "off-peak hours"}${endMs !== undefined ? ` ${untilText("en", endMs, now)}` : ""}`;
  const tomorrow = s.tariff.tomorrow === "unknown" ? "not announced yet" : c[s.tariff.tomorrow];
  const m = s.meter;
  const power =
    m.powerVA !== null
      ? `power   ${intText("en", m.powerVA)} VA of ${intText("en", m.limitVA)} VA${m.lastFrameMs !== null ? ` · last frame ${clockText("en", m.lastFrameMs)}` : ""}`
      : m.status === "lost"
        ? `power   METER SILENT${m.lastFrameMs !== null ? ` ${sinceText("en", m.lastFrameMs, now)}` : ""}: not measured`
        : "power   waiting for the meter's first frame";
  const overload = s.overload.unresolved ? " · OVERLOAD UNRESOLVED" : s.overload.active ? " · overload" : "";
  const lines = [
    `délesteur  ${stampOf(now)} ${offset}  mode ${mode}  ${led}`,
    `today   ${c[s.tariff.colour]}, ${period} · tomorrow ${tomorrow}`,
    power + overload,
  ];
  let idWidth = 0;
  for (const load of s.loads) idWidth = Math.max(idWidth, Math.min(MAX_LABEL_COLUMNS, labelOf(load).length));
  for (const load of s.loads) lines.push(`${labelOf(load).padEnd(idWidth)}  ${loadWhy("en", load, s, now).headline}`);
  return lines;
}

/** Load labels are padded to line up up to this width; a longer one pushes its own line's text right. */
const MAX_LABEL_COLUMNS = 20;

/** A load's id with the order its outputs were given, when it has one: "salon (hors-gel)". */
function labelOf(load: LoadSnapshot): string {
  return load.order !== undefined ? `${load.id} (${ORDER_TEXTS.en[load.order]})` : load.id;
}

export interface Screen {
  columns(): number;
  rows(): number;
  snapshot(): ControllerSnapshot | undefined;
  nowMs(): number;
}

const ESC = "\x1b";
/** Where the terminal is told to draw: save the cursor, write each row of the region at its place, restore. */
const SAVE = `${ESC}7`;
const RESTORE = `${ESC}8`;
const at = (row: number): string => `${ESC}[${row};1H`;
const CLEAR_LINE = `${ESC}[2K`;

/** Log lines held while the box boots (before its first snapshot, the status region's height is not known yet). */
const MAX_EARLY_LINES = 200;

/**
 * The live view: the top rows are the status region, redrawn in place (cursor saved, each changed row rewritten at
 * its position, cursor restored) and only when its text changed; the rows below are a scroll region where logs and
 * decisions scroll, each cut into lines no wider than the terminal. Nothing is glued to the status: the cursor
 * always waits at the start of the last row. Until the box's first snapshot, log lines wait (the region's height
 * depends on the loads); a change of height (loads added or removed) or of terminal size lays the screen out again.
 */
export function liveView(write: (text: string) => void, screen: Screen): View {
  let drawn: string[] = [];
  let laidOut = false;
  let height = 0;
  let lastRows = 0;
  let lastColumns = 0;
  let led = { lit: false, pattern: "" };
  let early: string[] | null = [];

  const width = (): number => Math.max(1, screen.columns());

  const status = (): string[] | undefined => {
    const snapshot = screen.snapshot();
    if (snapshot === undefined) return undefined;
    const lines = statusLines({ snapshot, nowMs: screen.nowMs(), blueLit: led.lit, bluePattern: led.pattern });
    lines.push("─".repeat(width()));
    const room = Math.max(1, screen.rows() - MIN_LOG_ROWS);
    return (lines.length > room ? lines.slice(0, room) : lines).map((l) => fit(l, width()));
  };

  const emit = (lines: readonly string[]): void => {
    let out = "";
    for (const l of lines) out += `${l}\r\n`;
    if (out !== "") write(out);
  };

  const layOut = (lines: string[]): void => {
    height = lines.length;
    lastRows = screen.rows();
    lastColumns = screen.columns();
    // What the terminal showed goes up into its scrollback; then the top rows are kept for the status, the rest
    // scrolls, and the cursor waits on the last row.
    write(`${"\n".repeat(lastRows)}${ESC}[H${ESC}[2J${ESC}[${height + 1};${lastRows}r${at(lastRows)}`);
    drawn = [];
    laidOut = true;
  };

  const draw = (): void => {
    const lines = status();
    if (lines === undefined) return;
    if (!laidOut || lines.length !== height || screen.rows() !== lastRows || screen.columns() !== lastColumns) layOut(lines);
    else if (lines.length === drawn.length && lines.every((l, i) => l === drawn[i])) return;
    let out = SAVE;
    for (let i = 0; i < lines.length; i++) if (lines[i] !== drawn[i]) out += `${at(i + 1)}${CLEAR_LINE}${lines[i]}`;
    write(out + RESTORE);
    drawn = lines;
    if (early !== null) {
      const waiting = early;
      early = null;
      emit(waiting);
    }
  };

  const logText = (text: string): void => {
    const lines = wrap(text, width());
    if (early !== null) {
      for (const l of lines) if (early.length < MAX_EARLY_LINES) early.push(l);
      draw();
      return;
    }
    emit(lines);
  };

  return {
    line: (object) => logText(describeLine(object)),
    banner: (text) => logText(text),
    log: (level, message, fields, atMs) => {
      const extra = fields === undefined ? "" : Object.keys(fields).map((k) => `${k}=${typeof fields[k] === "string" ? String(fields[k]) : JSON.stringify(fields[k])}`).join(" ");
      logText(`${stampOf(atMs)}  ${level.padEnd(5)} ${message}${extra !== "" ? ` ${extra}` : ""}`);
    },
    reading: () => undefined,
    effect: (effect, atMs) => {
      if (effect.type === "log" || effect.type === "persist" || effect.type === "homekit") return;
      const text =
        effect.type === "load" ? `${effect.id} ${effect.on ? "on" : "off"}${effect.order !== undefined ? ` (${ORDER_TEXTS.en[effect.order]})` : ""}: ${REASON_TEXTS.en[effect.reason]}`
        : effect.type === "mode" ? `mode ${effect.mode} (${effect.reason})`
        : effect.type === "refused" ? `refused ${effect.request}: ${effect.reason}`
        : effect.type === "tariff" ? `tariff ${effect.colour} ${effect.period}, tomorrow ${effect.tomorrow} [${effect.source}]`
        : effect.type === "led" ? `LED ${effect.pattern}`
        : effect.type === "tank" ? `tank ${effect.id} ${effect.temperatureC ?? "?"} °C, ${effect.want}: ${effect.detail}`
        : `fault ${effect.fault} ${effect.active ? "ON" : "cleared"}: ${effect.detail}`;
      logText(`${stampOf(atMs)}  ${text}`);
      draw();
    },
    outputs: (_state, blueLit, bluePattern) => {
      led = { lit: blueLit, pattern: bluePattern };
      draw();
    },
    resize: () => {
      laidOut = false;
      draw();
    },
    close: () => {
      if (early !== null) emit(early);
      early = null;
      if (laidOut) write(`${ESC}[r${at(screen.rows())}\r\n`);
      laidOut = false;
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
  if (o.type === "web" && typeof o.url === "string") return `web page   ${o.url}`;
  if (o.type === "gx-sim" && typeof o.portalId === "string") return `simulated GX on ${String(o.broker)}, portal id ${o.portalId}, ${String(o.sky)} day, battery ${String(o.socPct)} % (${String(o.mode)})`;
  if (o.type === "gx-sim") return `simulated GX: ${String(o.mode)}, battery ${String(o.socPct)} % ${String(o.batteryW)} W, grid ${String(o.gridW)} W, PV ${String(o.pvW)} W`;
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
