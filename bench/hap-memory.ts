// XS heap slots held by the HAP server: at rest, during a stalled pair-setup, per verified session and with 8
// sessions, beside the ESP32's free heap. Measured on the real XS engine (xsnap worker meter), never timed.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
const SESSIONS = 8;
/** XS on a 32-bit MCU: one slot is 16 bytes (4 × 32-bit words). */
const SLOT_BYTES = 16;
/** Assumption: ESP32 (no PSRAM) with Wi-Fi, lwIP and the Moddable runtime up leaves ~100–150 KB of heap. */
const ESP32_FREE_HEAP_BYTES = { low: 100 * 1024, high: 150 * 1024 };

mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "hap-memory.xs.js");
await build({
  entryPoints: [join(here, "xs/hap-memory-entry.ts")], outfile: entry, bundle: true, format: "iife", platform: "neutral", target: "es2022",
  // xsnap's XS fails on a static field that instantiates its own class (@noble/curves' Point.BASE): lower them.
  supported: { "class-static-field": false }, mainFields: ["module", "main"], logLevel: "error",
});
const run = spawnSync(process.execPath, [join(here, "xs/hap-memory.mjs"), entry, String(SESSIONS)], { encoding: "utf8", timeout: 600_000 });
const line = run.stdout.trim().split("\n").pop() ?? "";
if (run.status !== 0 || !line.startsWith("{")) {
  process.stdout.write(`hap-memory: no result (exit ${run.status})\n${run.stdout}${run.stderr}\n`);
  process.exit(1);
}
const m = JSON.parse(line) as { loaded: number; started: number; stalled: number; expired: number; paired: number; pairedIdle: number; sessions: number[]; dropped: number };

const kb = (slots: number) => `${((slots * SLOT_BYTES) / 1024).toFixed(1)} KB`;
const share = (slots: number) =>
  `${((100 * slots * SLOT_BYTES) / ESP32_FREE_HEAP_BYTES.high).toFixed(1)}–${((100 * slots * SLOT_BYTES) / ESP32_FREE_HEAP_BYTES.low).toFixed(1)} %`;
const rows: [string, number][] = [];
const serverAtRest = m.started - m.loaded;
// The test controller lives in the same heap; link down frees the server's side of each session (the controller's
// objects stay referenced by the bench), so that difference is what a session costs the server.
const withSessions = m.sessions[m.sessions.length - 1];
const serverSessions = withSessions - m.dropped;
rows.push(["server at rest (database, store, tables; code excluded)", serverAtRest]);
rows.push(["+ a stalled pair-setup (SRP attempt + its connection)", m.stalled - m.started]);
rows.push(["  left after the time-outs (SRP multiplier cache, kept)", m.expired - m.started]);
rows.push([`per verified session, freed by link down (${SESSIONS} sessions / ${SESSIONS})`, Math.round(serverSessions / SESSIONS)]);
rows.push([`per verified session, server + test controller`, Math.round((withSessions - m.pairedIdle) / SESSIONS)]);
rows.push([`paired server, ${SESSIONS} sessions (rest + pairing + sessions)`, m.pairedIdle - m.loaded + serverSessions]);

process.stdout.write(`HAP server heap on XS (xsnap worker, live slots after gc; ${SLOT_BYTES} B per slot on the ESP32)\n`);
process.stdout.write(`ESP32 free heap assumed ${ESP32_FREE_HEAP_BYTES.low / 1024}–${ESP32_FREE_HEAP_BYTES.high / 1024} KB after Wi-Fi and the runtime\n\n`);
for (const [name, slots] of rows) process.stdout.write(`${name.padEnd(58)} ${String(slots).padStart(7)} slots ${kb(slots).padStart(9)}  ${share(slots).padStart(13)} of free heap\n`);
process.stdout.write(`\nraw: ${line}\n`);
process.stdout.write("Slots only: byte buffers and strings live in XS chunks, which the meter does not report.\n");
