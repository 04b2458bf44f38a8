// The API's event stream on XS: heap held by the ring of recent events and by each client, and what one event sent to
// four clients adds while it is written. Measured on the xsnap-heap runner (as bench/web-heap.ts), never timed.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "sse-heap.xs.mjs");
await build({
  entryPoints: [join(here, "xs/sse-heap-entry.ts")], outfile: entry, bundle: true, format: "esm", platform: "neutral", target: "es2022",
  supported: { "class-static-field": false }, mainFields: ["module", "main"], logLevel: "error",
});
const probe = spawnSync(process.execPath, [join(here, "xs/xsnap-heap.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
if (probe.status !== 0) process.exit(1);
const run = spawnSync(probe.stdout.trim(), ["-m", entry], { encoding: "utf8", timeout: 300_000 });
const line = run.stdout.trim().split("\n").pop() ?? "";
if (run.status !== 0 || !line.startsWith("{")) {
  process.stdout.write(`sse-heap: no result (exit ${run.status})\n${run.stdout}${run.stderr}\n`);
  process.exit(1);
}
interface Heap {
  chunks: number;
  slots: number;
}
const r = JSON.parse(line) as { ring: Heap & { size: number; first: Heap }; perClient: (Heap & { clients: number })[]; emitToFour: Heap; afterClose: Heap };
const kb = (b: number) => `${(b / 1024).toFixed(2)} KB`;
/** xsnap's slots are 32 B on this 64-bit host; an ESP32's are 16 B. */
const esp = (h: Heap) => kb(h.chunks + h.slots * 16);
process.stdout.write("API event stream (SSE) on XS (xsnap-heap runner: XS's own chunk and slot counts, live after a collection)\n");
process.stdout.write(`ring of ${r.ring.size} events (a water heater's ManagedLoadChanged + DHWStateChanged each): ${kb(r.ring.chunks)} chunks, ${r.ring.slots} slots ≈ ${esp(r.ring)} on an ESP32\n`);
for (const p of r.perClient) process.stdout.write(`${p.clients} client(s): +${kb(p.chunks)} chunks, +${p.slots} slots ≈ ${esp(p)} on an ESP32\n`);
const four = r.perClient[r.perClient.length - 1];
process.stdout.write(`per client: ${kb(four.chunks / 4)} chunks, ${(four.slots / 4).toFixed(0)} slots ≈ ${esp({ chunks: four.chunks / 4, slots: four.slots / 4 })} on an ESP32 (the socket's own lwIP buffers not included)\n`);
process.stdout.write(`one update (2 events) written to 4 clients, peak added: ${kb(r.emitToFour.chunks)} chunks, ${r.emitToFour.slots} slots\n`);
process.stdout.write(`after every client closed: ${kb(r.afterClose.chunks)} chunks, ${r.afterClose.slots} slots left above the ring\n`);
