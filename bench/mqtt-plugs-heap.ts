// XS heap a smart plug over MQTT costs (src/plugs/mqtt-*.ts): held once it has answered, and the peak of one command
// (set, read-back, power) and of a red peak (every plug at once), for 0, 4 and 8 plugs. Never timed.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = join(here, "../build/bench");
/** On an ESP32, XS slots are 16 B (32 B on this 64-bit xsnap); chunks are bytes on both. */
const ESP32_SLOT_BYTES = 16;

interface Heap {
  chunks: number;
  slots: number;
}
interface Row {
  plugs: number;
  gated: boolean;
  confirmed: number;
  atRest: Heap;
  command: Heap;
  allAtOnce: Heap;
}

mkdirSync(buildDir, { recursive: true });
const entry = join(buildDir, "mqtt-plugs-heap.xs.mjs");
await build({
  entryPoints: [join(here, "xs/mqtt-plugs-heap-entry.ts")], outfile: entry, bundle: true, format: "esm", platform: "neutral", target: "es2022",
  supported: { "class-static-field": false }, mainFields: ["module", "main"], logLevel: "error",
});
const probe = spawnSync(process.execPath, [join(here, "xs/xsnap-heap.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
if (probe.status !== 0) process.exit(1);
const run = spawnSync(probe.stdout.trim(), ["-m", entry], { encoding: "utf8", timeout: 600_000 });
const line = run.stdout.trim().split("\n").pop() ?? "";
if (run.status !== 0 || !line.startsWith("{")) {
  process.stdout.write(`mqtt-plugs-heap: no result (exit ${run.status})\n${run.stdout}${run.stderr}\n`);
  process.exit(1);
}
const { rows } = JSON.parse(line) as { rows: Row[] };
const esp32 = (h: Heap) => h.chunks + h.slots * ESP32_SLOT_BYTES;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
process.stdout.write("XS heap of plug outputs over MQTT (xsnap; ESP32 bytes = chunks + 16 B per slot), half Shelly, half Tasmota.\n");
process.stdout.write("atRest: held once every plug answered; command: the peak one Shelly command adds (Set, GetStatus);\n");
process.stdout.write("allAtOnce: the peak when every plug is commanded in one dispatch (a red peak).\n");
process.stdout.write("gated: with the ESP32's gate (src/plugs/gate.ts PLUG_IN_FLIGHT_ESP32 exchanges in flight, shared with HTTP plugs).\n");
process.stdout.write("The MQTT client's own buffers and its socket (the box's one session, shared with the bridge) are not counted.\n\n");
process.stdout.write(`${"plugs".padStart(5)} ${"gate".padStart(5)} ${"ok".padStart(3)} | ${"atRest".padStart(10)} ${"(chunks B/slots)".padStart(17)} | ${"command".padStart(10)} ${"(chunks B/slots)".padStart(17)} | ${"allAtOnce".padStart(10)} ${"(chunks B/slots)".padStart(17)}\n`);
for (const r of rows) {
  process.stdout.write(`${String(r.plugs).padStart(5)} ${(r.gated ? "yes" : "no").padStart(5)} ${String(r.confirmed).padStart(3)} | ${kb(esp32(r.atRest)).padStart(10)} ${`${r.atRest.chunks}/${r.atRest.slots}`.padStart(17)} | ${kb(esp32(r.command)).padStart(10)} ${`${r.command.chunks}/${r.command.slots}`.padStart(17)} | ${kb(esp32(r.allAtOnce)).padStart(10)} ${`${r.allAtOnce.chunks}/${r.allAtOnce.slots}`.padStart(17)}\n`);
}
const ungated = rows.filter((r) => !r.gated);
const first = ungated[ungated.length - 2];
const last = ungated[ungated.length - 1];
const perPlug = (esp32(last.atRest) - esp32(first.atRest)) / (last.plugs - first.plugs);
process.stdout.write(`\nper plug at rest (${first.plugs} → ${last.plugs} plugs): ${perPlug.toFixed(0)} B, ${((last.atRest.chunks - first.atRest.chunks) / (last.plugs - first.plugs)).toFixed(0)} chunk bytes + ${((last.atRest.slots - first.atRest.slots) / (last.plugs - first.plugs)).toFixed(0)} slots\n`);
