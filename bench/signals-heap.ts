// Peak XS heap an Internet source's answer adds on the box (join the body's fragments, decode, parse, weigh,
// dispatch), measured on XS by the xsnap-heap runner. The TLS handshake itself is C and SDK code xsnap cannot run:
// see README "Tempo and Ecowatt from the Internet" for what is known of it and the way out.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "signals-heap.xs.mjs");
await build({
  entryPoints: [join(here, "xs/signals-heap-entry.ts")], outfile: entry, bundle: true, format: "esm", platform: "neutral", target: "es2022",
  supported: { "class-static-field": false }, mainFields: ["module", "main"], logLevel: "error",
});
const probe = spawnSync(process.execPath, [join(here, "xs/xsnap-heap.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
if (probe.status !== 0) process.exit(1);
const run = spawnSync(probe.stdout.trim(), ["-m", entry], { encoding: "utf8", timeout: 600_000 });
const line = run.stdout.trim().split("\n").pop() ?? "";
if (run.status !== 0 || !line.startsWith("{")) {
  process.stdout.write(`signals-heap: no result (exit ${run.status})\n${run.stdout}${run.stderr}\n`);
  process.exit(1);
}
const result = JSON.parse(line) as { rows: { name: string; bytes: number; peak: { chunks: number; slots: number } }[]; heldChunks: number; heldSlots: number };
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
process.stdout.write("Peak XS heap added per step of a source's answer (xsnap, 64-bit: a slot is 32 B here, 16 B on an ESP32)\n\n");
process.stdout.write(`${"step".padEnd(30)} ${"body".padStart(7)} ${"chunks".padStart(9)} ${"slots".padStart(7)} ${"≈ESP32".padStart(9)}\n`);
for (const r of result.rows) {
  const esp32 = r.peak.chunks + r.peak.slots * 16;
  process.stdout.write(`${r.name.padEnd(30)} ${String(r.bytes).padStart(7)} ${kb(r.peak.chunks).padStart(9)} ${String(r.peak.slots).padStart(7)} ${kb(esp32).padStart(9)}\n`);
}
process.stdout.write(`\nheld after the steps (the signals slice with a verdict and Ecowatt's hours): ${kb(result.heldChunks)} chunks, ${result.heldSlots} slots\n`);
process.stdout.write("Not measured here: the TLS handshake (SDK ssl in C + XS). Moddable's guide: ≈10 KB chunks, 6 KB slots, 4 KB stack, 2 KB system heap free.\n");
