// XS heap the box needs per configured load, behind MAX_LOADS (src/settings/table.ts): what it holds, and the peak a
// dispatch, each page, the API and a settings save add, for 0, 4 and 8 loads (~8 min: pages under stress GC). Never timed.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
/** On an ESP32, XS slots are 16 B (32 B on this 64-bit xsnap); chunks are bytes on both. */
const ESP32_SLOT_BYTES = 16;

interface Peak {
  chunks: number;
  slots: number;
}
interface Row {
  loads: number;
  putStatus: number;
  putBytes: number;
  recordBytes: number;
  atRest: Peak;
  dispatch: Peak;
  settingsPage: Peak;
  apiSettings: Peak;
  apiStatus: Peak;
  statusPage: Peak;
  save: Peak;
  put: Peak;
}

mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "loads-heap.xs.mjs");
await build({
  entryPoints: [join(here, "xs/loads-heap-entry.ts")], outfile: entry, bundle: true, format: "esm", platform: "neutral", target: "es2022",
  supported: { "class-static-field": false }, mainFields: ["module", "main"], logLevel: "error",
});
const probe = spawnSync(process.execPath, [join(here, "xs/xsnap-heap.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
if (probe.status !== 0) process.exit(1);
const run = spawnSync(probe.stdout.trim(), ["-m", entry], { encoding: "utf8", timeout: 3_600_000 });
const line = run.stdout.trim().split("\n").pop() ?? "";
if (run.status !== 0 || !line.startsWith("{")) {
  process.stdout.write(`loads-heap: no result (exit ${run.status})\n${run.stdout}${run.stderr}\n`);
  process.exit(1);
}
const { rows } = JSON.parse(line) as { rows: Row[] };

/** ESP32 bytes of a measure: chunks as they are, slots at 16 B. */
const esp32 = (p: Peak) => p.chunks + p.slots * ESP32_SLOT_BYTES;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const STEPS = ["atRest", "dispatch", "settingsPage", "apiSettings", "apiStatus", "statusPage", "save", "put"] as const;
process.stdout.write("XS heap per number of loads (xsnap; ESP32 bytes = chunks + 16 B per slot). atRest is what the box holds;\n");
process.stdout.write("the others are the peak a step adds above that, with a collection before every allocation.\n\n");
process.stdout.write(`${"loads".padStart(5)} ${"PUT B".padStart(6)} ${"record B".padStart(8)} | ${STEPS.map((s) => s.padStart(12)).join(" ")}\n`);
for (const r of rows) {
  process.stdout.write(`${String(r.loads).padStart(5)} ${String(r.putBytes).padStart(6)} ${String(r.recordBytes).padStart(8)} | ${STEPS.map((s) => kb(esp32(r[s])).padStart(12)).join(" ")}`);
  process.stdout.write(r.putStatus === 200 ? "\n" : `  (PUT answered ${r.putStatus})\n`);
}
const first = rows[0];
const last = rows[rows.length - 1];
process.stdout.write("\nper load (slope from the first row to the last):\n");
for (const s of STEPS) {
  const perLoad = (esp32(last[s]) - esp32(first[s])) / (last.loads - first.loads);
  process.stdout.write(`  ${s.padEnd(13)} ${perLoad.toFixed(0).padStart(6)} B   (${last[s].chunks - first[s].chunks} chunk bytes, ${last[s].slots - first[s].slots} slots over ${last.loads - first.loads} loads)\n`);
}
