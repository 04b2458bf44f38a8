// XS heap a smart plug output costs (src/plugs), over HTTP and over MQTT: held once it has answered, the peak of one
// command's exchange (HTTP: set, a fresh digest challenge, read back; MQTT: Set, GetStatus, power) and of a red peak
// (every plug at once), for 0, 4 and 8 plugs. Never timed.
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
  /** MQTT rows: how many plugs confirmed their state (all of them, or the run is wrong). */
  confirmed?: number;
  atRest: Heap;
  command: Heap;
  allAtOnce: Heap;
}

mkdirSync(buildDir, { recursive: true });
const probe = spawnSync(process.execPath, [join(here, "xs/xsnap-heap.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
if (probe.status !== 0) process.exit(1);
const esp32 = (h: Heap) => h.chunks + h.slots * ESP32_SLOT_BYTES;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

const VARIANTS = [
  {
    name: "plugs-heap",
    source: "xs/plugs-heap-entry.ts",
    about: [
      "XS heap of plug outputs over HTTP (xsnap; ESP32 bytes = chunks + 16 B per slot), half Shelly with digest, half Tasmota.",
      "atRest: held once every plug answered; command: the peak one Shelly command adds (set, new challenge, read back);",
      "allAtOnce: the peak when every plug is commanded in one dispatch (a red peak), their exchanges in flight together.",
      "The platform HTTP client's own buffers (sockets, lwIP) are not counted: the client here is in memory.",
      "gated: with the ESP32's gate (src/plugs/gate.ts PLUG_IN_FLIGHT_ESP32 exchanges in flight at once, as main.ts wires it).",
    ],
  },
  {
    name: "mqtt-plugs-heap",
    source: "xs/mqtt-plugs-heap-entry.ts",
    about: [
      "XS heap of plug outputs over MQTT (xsnap; ESP32 bytes = chunks + 16 B per slot), half Shelly, half Tasmota.",
      "atRest: held once every plug answered; command: the peak one Shelly command adds (Set, GetStatus);",
      "allAtOnce: the peak when every plug is commanded in one dispatch (a red peak).",
      "gated: with the ESP32's gate (src/plugs/gate.ts PLUG_IN_FLIGHT_ESP32 exchanges in flight, shared with HTTP plugs).",
      "The MQTT client's own buffers and its socket (the box's one session, shared with the bridge) are not counted.",
    ],
  },
];

for (const variant of VARIANTS) {
  const entry = join(buildDir, `${variant.name}.xs.mjs`);
  await build({
    entryPoints: [join(here, variant.source)], outfile: entry, bundle: true, format: "esm", platform: "neutral", target: "es2022",
    supported: { "class-static-field": false }, mainFields: ["module", "main"], logLevel: "error",
  });
  const run = spawnSync(probe.stdout.trim(), ["-m", entry], { encoding: "utf8", timeout: 600_000 });
  const line = run.stdout.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !line.startsWith("{")) {
    process.stdout.write(`${variant.name}: no result (exit ${run.status})\n${run.stdout}${run.stderr}\n`);
    process.exit(1);
  }
  const { rows } = JSON.parse(line) as { rows: Row[] };
  const mqtt = rows[0]?.confirmed !== undefined;
  process.stdout.write(`${variant.about.join("\n")}\n\n`);
  process.stdout.write(`${"plugs".padStart(5)} ${"gate".padStart(5)}${mqtt ? ` ${"ok".padStart(3)}` : ""} | ${"atRest".padStart(10)} ${"(chunks B/slots)".padStart(17)} | ${"command".padStart(10)} ${"(chunks B/slots)".padStart(17)} | ${"allAtOnce".padStart(10)} ${"(chunks B/slots)".padStart(17)}\n`);
  for (const r of rows) {
    process.stdout.write(`${String(r.plugs).padStart(5)} ${(r.gated ? "yes" : "no").padStart(5)}${mqtt ? ` ${String(r.confirmed).padStart(3)}` : ""} | ${kb(esp32(r.atRest)).padStart(10)} ${`${r.atRest.chunks}/${r.atRest.slots}`.padStart(17)} | ${kb(esp32(r.command)).padStart(10)} ${`${r.command.chunks}/${r.command.slots}`.padStart(17)} | ${kb(esp32(r.allAtOnce)).padStart(10)} ${`${r.allAtOnce.chunks}/${r.allAtOnce.slots}`.padStart(17)}\n`);
  }
  // The slope over the last two rows: the first may carry what the runner frees or keeps around the first measure.
  const ungated = rows.filter((r) => !r.gated);
  const first = ungated[ungated.length - 2];
  const last = ungated[ungated.length - 1];
  const perPlug = (esp32(last.atRest) - esp32(first.atRest)) / (last.plugs - first.plugs);
  process.stdout.write(`\nper plug at rest (${first.plugs} → ${last.plugs} plugs): ${perPlug.toFixed(0)} B, ${((last.atRest.chunks - first.atRest.chunks) / (last.plugs - first.plugs)).toFixed(0)} chunk bytes + ${((last.atRest.slots - first.atRest.slots) / (last.plugs - first.plugs)).toFixed(0)} slots\n\n`);
}
