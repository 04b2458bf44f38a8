// XS heap of the tank probes (issue #14): what one DS18B20 wired with its poller holds, two on one bus, and the peak
// one 30 s reading adds (conversion, scratchpad, CRC, dispatch into the Controller), measured by the xsnap-heap runner.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "probe-heap.xs.mjs");
await build({
  entryPoints: [join(here, "xs/probe-heap-entry.ts")], outfile: entry, bundle: true, format: "esm", platform: "neutral", target: "es2022",
  supported: { "class-static-field": false }, mainFields: ["module", "main"], logLevel: "error",
  alias: { onewire: join(here, "xs/probe-heap-onewire.ts") },
});
const probe = spawnSync(process.execPath, [join(here, "xs/xsnap-heap.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
if (probe.status !== 0) process.exit(1);
const run = spawnSync(probe.stdout.trim(), ["-m", entry], { encoding: "utf8", timeout: 600_000 });
const line = run.stdout.trim().split("\n").pop() ?? "";
if (run.status !== 0 || !line.startsWith("{")) {
  process.stdout.write(`probe-heap: no result (exit ${run.status})\n${run.stdout}${run.stderr}\n`);
  process.exit(1);
}
type Heap = { chunks: number; slots: number };
const result = JSON.parse(line) as { one: Heap; two: Heap; cycle: Heap; read: Heap };
const esp32 = (h: Heap): string => `${((h.chunks + h.slots * 16) / 1024).toFixed(2)} KB`;
process.stdout.write("XS heap of the tank probes (xsnap, 64-bit: a slot is 32 B here, 16 B on an ESP32; the driver is a JS stand-in)\n\n");
process.stdout.write(`${"what".padEnd(44)} ${"chunks".padStart(8)} ${"slots".padStart(6)} ${"≈ESP32".padStart(9)}\n`);
const row = (name: string, h: Heap): void => void process.stdout.write(`${name.padEnd(44)} ${String(h.chunks).padStart(8)} ${String(h.slots).padStart(6)} ${esp32(h).padStart(9)}\n`);
row("held: one probe + poller, after a reading", result.one);
row("held: two probes on one bus + poller", result.two);
row("peak added by one reading (warm)", result.cycle);
row("  of which the probe alone (no dispatch)", result.read);
process.stdout.write("\n'held' includes the Controller's tank moving to its first reading; the SDK driver's RMT channel is outside XS.\n");
