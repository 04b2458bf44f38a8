// host-sim's output: the live view's status region (in words, cut to the terminal), the JSON view (decisions, frames
// only when asked), and the real program on an 80-column pty: the status redrawn in place, no line wider than 80.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ControllerSnapshot, Effect } from "../../src/app/types";
import type { TicReading } from "../../src/tic/types";
import { describeLoad, fit, jsonView, liveView, statusLines, wrap } from "../../host-sim/terminal";
import { reading } from "../app/readings";

type LoadEffect = Extract<Effect, { type: "load" }>;
const load = (patch: Partial<LoadEffect> & { id: string; on: boolean }): LoadEffect => ({ type: "load", level: patch.on ? "normal" : "off", allocatedW: 0, reason: "normal", detail: "", ...patch });
const AT = Date.parse("2026-01-14T09:00:00+01:00");

function redPeakSnapshot(): ControllerSnapshot {
  const base = { kind: "relay" as const, priority: 2 as const, nominalPowerW: 2000, level: "off" as const, allocatedW: 0, override: "auto" as const, switchesToday: 1, lastSwitchMs: null, confirmed: null };
  return {
    mode: "AUTO", heatUntilMs: null, thermostat: {} as ControllerSnapshot["thermostat"],
    tariff: { colour: "red", period: "hp", tomorrow: "white", source: "PTEC", suspicious: [] },
    meter: { status: "ok", lastFrameMs: AT, powerVA: 1500, limitVA: 9000 },
    overload: { active: false, unresolved: false, shedIds: [], waitingIds: [] },
    signals: { online: [], today: null, tomorrow: null, ecowatt: [] },
    loads: [
      { ...base, id: "salon", name: "Salon", on: false, order: "hors-gel", reason: "red_peak", detail: "red HP (colour: PTEC, period: meter)", numbers: { colour: "red", period: "hp" } },
      { ...base, id: "chauffe-eau", name: "Chauffe-eau", on: true, level: "normal", reason: "normal", detail: "", held: { by: "min_on", wantsOn: false, wantsReason: "red_peak", untilMs: AT + 120_000 } },
    ],
    manager: { availablePowerW: 8500, availableSource: "meter", tanks: [], forcedPowerW: {} },
  };
}

describe("loads in words", () => {
  test.each([
    ["salon confort", load({ id: "salon", on: true, order: "confort" })],
    ["salon hors-gel (red_peak)", load({ id: "salon", on: false, order: "hors-gel", reason: "red_peak" })],
    ["chauffe-eau OFF (red_peak)", load({ id: "chauffe-eau", on: false, reason: "red_peak" })],
    ["chauffe-eau ON", load({ id: "chauffe-eau", on: true })],
  ])("%s", (words, effect) => {
    expect(describeLoad(effect.id, effect)).toBe(words);
  });

  test("the status region says the mode, today and tomorrow, power against the limit, and each load with until when and why", () => {
    const lines = statusLines({ snapshot: redPeakSnapshot(), nowMs: AT, blueLit: true, bluePattern: "normal" });
    expect(lines).toEqual([
      "délesteur  09:00:00 UTC+01:00  mode AUTO  LED ● normal",
      "today   red, peak hours until 22:00 · tomorrow white",
      "power   1,500 VA of 9,000 VA · last frame 09:00",
      "salon (frost guard)  off until 22:00: red day, peak hours",
      "chauffe-eau          on until 09:02: minimum on time (spares the relay)",
    ]);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  test("lines are cut or wrapped to the width, never wider", () => {
    expect(fit("x".repeat(100), 80)).toHaveLength(80);
    const wrapped = wrap(`09:00:00  ${"word ".repeat(40)}`, 80);
    expect(wrapped.length).toBeGreaterThan(1);
    for (const l of wrapped) expect(l.length).toBeLessThanOrEqual(80);
    expect(wrapped[1].startsWith("          ")).toBe(true);
  });

  test("the live view redraws only rows that changed, in place, and logs scroll below the status", () => {
    let screen = "";
    const view = liveView((t) => void (screen += t), { columns: () => 80, rows: () => 24, snapshot: redPeakSnapshot, nowMs: () => AT });
    view.outputs({}, true, "normal");
    expect(screen).toContain("\x1b[7;24r"); // 5 status lines + the rule: the logs scroll in rows 7–24
    screen = "";
    view.outputs({}, true, "normal");
    expect(screen).toBe(""); // nothing moved: nothing written
    view.outputs({}, false, "normal");
    expect(screen).toBe("\x1b7\x1b[1;1H\x1b[2Kdélesteur  09:00:00 UTC+01:00  mode AUTO  LED ○ normal\x1b8");
    screen = "";
    view.log("warn", "something odd", { count: 2 }, AT);
    expect(screen).toBe("09:00:00  warn  something odd count=2\r\n");
  });

  test("a resized terminal gets the screen laid out again at its new width", () => {
    let screen = "";
    let columns = 100;
    const view = liveView((t) => void (screen += t), { columns: () => columns, rows: () => 24, snapshot: redPeakSnapshot, nowMs: () => AT });
    view.outputs({}, true, "normal");
    expect(screen).toContain("─".repeat(100));
    screen = "";
    columns = 80;
    view.resize();
    expect(screen).toContain("\x1b[7;24r");
    expect(screen).toContain(`\x1b[6;1H\x1b[2K${"─".repeat(80)}\x1b8`);
  });

  test("--json prints decisions, not frames; --json-frames adds a line per frame; logs in the same offset", () => {
    const lines: string[] = [];
    const logs: string[] = [];
    const frame: TicReading = reading({ colour: "blue" });
    const quiet = jsonView((l) => void lines.push(l), { writeLog: (l) => void logs.push(l) });
    quiet.reading(frame, AT);
    quiet.effect(load({ id: "salon", on: false, order: "hors-gel", reason: "red_peak" }), AT);
    quiet.log("info", "hello", undefined, AT);
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(["load"]);
    expect(JSON.parse(lines[0]).at).toBe("2026-01-14T09:00:00+01:00");
    expect(JSON.parse(logs[0]).at).toBe("2026-01-14T09:00:00+01:00");
    const framed: string[] = [];
    jsonView((l) => void framed.push(l), { frames: true }).reading(frame, AT);
    expect(JSON.parse(framed[0])).toMatchObject({ type: "frame", colour: "blue" });
  });
});

// The real program on a pseudo-terminal of 80 columns (util-linux `script` gives host-sim a TTY; stty sets its size).
const ROOT = resolve(__dirname, "../..");
/** The narrowest width the view is made for, and a wide one: the same rules hold at both. */
const WIDTHS = [80, 132];
/** How long the steady view is watched: long enough for the clock to tick and the LED to blink several times. */
const WATCH_MS = 5_000;

/** What a terminal would show as separate rows: the output cut at line ends, carriage returns and cursor moves. */
function rowsOf(output: string): string[] {
  return output.split(/\r|\n|\x1b\[\d+;\d+H|\x1b[78]/).map((s) => s.replace(/\x1b(\[[0-9;?]*[A-Za-z]|[78])/g, ""));
}

test.each(WIDTHS)("on a terminal %i columns wide, the status region is redrawn in place, no row is wider, few lines scroll", async (columns) => {
  const dir = mkdtempSync(join(tmpdir(), "terminal-"));
  const command = `stty cols ${columns} rows 30; exec "${process.execPath}" --import tsx host-sim/main.ts --hap-port 0 --bind 127.0.0.1 --no-mdns --http-port 0 --state-dir "${join(dir, "state")}"`;
  const child = spawn("script", ["-qfc", command, "/dev/null"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout.on("data", (d: Buffer) => void (output += d.toString()));
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  try {
    const deadline = Date.now() + 25_000;
    while (!/HomeKit {4}port/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(output).toMatch(/HomeKit {4}port/); // booted: the steady view follows once the simulated meter spoke (1 s)
    await new Promise((r) => setTimeout(r, 1_500));
    const start = output.length;
    await new Promise((r) => setTimeout(r, WATCH_MS));
    const steady = output.slice(start);
    const widest = Math.max(...rowsOf(output).map((r) => r.length));
    expect(widest).toBeLessThanOrEqual(columns);
    // The header's clock ticks every second: each tick rewrites row 1 in place (cursor saved, moved, restored).
    const redraws = steady.split("\x1b7\x1b[1;1H").length - 1;
    expect(redraws).toBeGreaterThanOrEqual(3);
    // Scrolled lines are decisions and logs only: on a quiet blue day, a handful, not one per redraw or LED blink. A row
    // wider than the terminal wraps and scrolls too (the old view's status line did, ten times a second), so it counts.
    const wraps = rowsOf(steady).reduce((n, r) => n + Math.max(0, Math.ceil(r.length / columns) - 1), 0);
    const scrolled = steady.split("\n").length - 1 + wraps;
    expect(scrolled).toBeLessThan(10);
  } finally {
    try {
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      // already gone
    }
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}, 40_000);
