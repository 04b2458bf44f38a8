// Peak XS heap each web page, API and portal response adds while it is produced and written: the old whole-body
// path beside the piecewise writer, against the 24 KB target. Measured on XS (the xsnap-heap runner), never timed.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
/** The target: no response may add more chunk heap than this on the device. */
const TARGET_CHUNK_BYTES = 24 * 1024;

interface Peak {
  chunks: number;
  slots: number;
}
interface Row {
  name: string;
  status: number;
  bytes: number;
  render: Peak;
  before: Peak;
  after: Peak;
}

mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "web-heap.xs.mjs");
await build({
  entryPoints: [join(here, "xs/web-heap-entry.ts")], outfile: entry, bundle: true, format: "esm", platform: "neutral", target: "es2022",
  supported: { "class-static-field": false }, mainFields: ["module", "main"], logLevel: "error",
});
// The runner is built once by a child (its first build takes about a minute and prints to stderr).
const probe = spawnSync(process.execPath, [join(here, "xs/xsnap-heap.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
if (probe.status !== 0) process.exit(1);
const run = spawnSync(probe.stdout.trim(), ["-m", entry], { encoding: "utf8", timeout: 900_000 });
const line = run.stdout.trim().split("\n").pop() ?? "";
if (run.status !== 0 || !line.startsWith("[")) {
  process.stdout.write(`web-heap: no result (exit ${run.status})\n${run.stdout}${run.stderr}\n`);
  process.exit(1);
}
const rows = JSON.parse(line) as Row[];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const cell = (peak: Peak) => `${kb(peak.chunks).padStart(9)} ${String(peak.slots).padStart(6)}`;
process.stdout.write("Peak XS heap added per response while it is produced and written (xsnap, 64-bit: a slot is 32 B here, 16 B on an ESP32)\n");
process.stdout.write("A collection runs before every allocation during the measure, so only what is live at once counts.\n");
process.stdout.write(`Target: under ${kb(TARGET_CHUNK_BYTES)} of chunks for any response.\n\n`);
process.stdout.write(`${"response".padEnd(22)} ${"bytes".padStart(6)} | ${"render only".padStart(16)} | ${"before (whole body)".padStart(19)} | ${"after (pieces)".padStart(16)} | target\n`);
process.stdout.write(`${"".padEnd(22)} ${"".padStart(6)} | ${"chunks  slots".padStart(16)} | ${"chunks  slots".padStart(19)} | ${"chunks  slots".padStart(16)} |\n`);
for (const r of rows) {
  const verdict = r.after.chunks < TARGET_CHUNK_BYTES ? "met" : "MISSED";
  process.stdout.write(`${r.name.padEnd(22)} ${String(r.bytes).padStart(6)} | ${cell(r.render)} | ${cell(r.before).padStart(19)} | ${cell(r.after)} | ${verdict}\n`);
}
const worst = Math.max(...rows.map((r) => r.after.chunks));
const worstBefore = Math.max(...rows.map((r) => r.before.chunks));
process.stdout.write(`\nworst response: ${kb(worstBefore)} → ${kb(worst)} of chunks (${(worstBefore / Math.max(worst, 1)).toFixed(1)}× less)\n`);
