// `npm run tic` as users run it: a child process reading a file or stdin, JSON lines out, exit codes.
// Never reaches past loopback or the shared fixtures; every child process is bounded by a timeout.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import { decodeFixture } from "./expectations";

const root = resolve(__dirname, "../..");
const fixtures = resolve(root, "../shared/fixtures/tic");

function tic(args: string[], input?: Uint8Array) {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "host-sim/tic-cli.ts"), ...args], {
    cwd: root,
    input,
    encoding: "utf8",
    timeout: 20_000,
  });
  const lines = run.stdout.split("\n").filter((l) => l !== "");
  return { status: run.status, stderr: run.stderr, lines, json: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test("a corrupted capture: one line per frame, a summary that matches the decoder, exit 0", () => {
  const file = join(fixtures, "std-tempo-3ph-hc-blanc-stream-corrupted.tic");
  const out = tic([file, "--mode", "standard"]);
  expect(out.status).toBe(0);
  const expected = decodeFixture(new Uint8Array(readFileSync(file)), "standard");
  const frames = out.json.filter((l) => l.type === "frame");
  expect(frames).toEqual(JSON.parse(JSON.stringify(expected.readings.map((r) => ({ type: "frame", ...r })))));
  expect(out.json[out.json.length - 1]).toMatchObject({ type: "summary", ...expected.counters, mode: "standard" });
  expect(out.json.length).toBe(frames.length + 1);
});

test("stdin (-) gives the same output as the file", () => {
  const file = join(fixtures, "hist-tempo-1ph-hcjb-demain-roug.tic");
  const fromFile = tic([file]);
  const fromStdin = tic(["-"], new Uint8Array(readFileSync(file)));
  expect(fromStdin.status).toBe(0);
  expect(fromStdin.lines).toEqual(fromFile.lines);
  expect(fromStdin.json[fromStdin.json.length - 1]).toMatchObject({ type: "summary", frames: 10, groupsOk: 160, groupsBad: 0, parityErrors: 0 });
});

test("an overload line comes the moment its group is decoded, before its frame's line", () => {
  const meter = new SimulatedMeter({ mode: "historic", contract: "tempo", phases: 1, subscribedKVA: 6 }, { powerVA: 9000 });
  const out = tic(["-", "--mode=historic"], meter.frame());
  expect(out.json.map((l) => l.type)).toEqual(["overload", "overload", "frame", "summary"]);
  expect(out.json[0]).toEqual({ type: "overload", source: "IINST>ISOUSC", label: "IINST", data: "039", value: 39 });
  expect(out.json[1]).toMatchObject({ type: "overload", source: "ADPS" });
});

test("empty input: a summary of zeros", () => {
  const out = tic(["-"], new Uint8Array(0));
  expect(out.status).toBe(0);
  expect(out.json).toEqual([{ type: "summary", frames: 0, groupsOk: 0, groupsBad: 0, parityErrors: 0, framesAborted: 0, mode: null, badGroupsByReason: {} }]);
});

test.each([
  ["a missing file", ["/nonexistent/meter.tic"], /^tic: cannot read \/nonexistent\/meter.tic: no such file\n$/],
  ["a bad mode", ["-", "--mode", "turbo"], /^tic: bad --mode "turbo"/],
  ["an unknown option", ["x.tic", "--baud", "1200"], /^tic: Unknown option '--baud'/],
  ["no input named", [], /^tic: expected one FILE or -/],
])("%s: non-zero exit, one line on stderr, nothing on stdout", (_what, args, message) => {
  const out = tic(args, new Uint8Array(0));
  expect(out.status).not.toBe(0);
  expect(out.stderr).toMatch(message);
  expect(out.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(out.lines).toEqual([]);
});
