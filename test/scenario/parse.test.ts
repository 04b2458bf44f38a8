// Scenario files are checked field by field: a bad one exits non-zero with the field and the reason.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseScenario } from "../../host-sim/scenario/parse";
import { runScenario } from "../../host-sim/scenario/run";

const base = {
  start: "2026-01-15T05:00:00+01:00",
  end: "2026-01-15T06:00:00+01:00",
  settings: { loads: [{ id: "living", nominalPowerW: 2000 }] },
};

describe("scenario parsing", () => {
  test("a minimal scenario gets defaults", () => {
    const r = parseScenario(JSON.stringify(base));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.meter).toEqual(expect.objectContaining({ mode: "historic", contract: "tempo", subscribedKVA: 9 }));
    expect(r.scenario.settings.loads[0]).toEqual(expect.objectContaining({ id: "living", priority: 2, kind: "fil-pilote-1" }));
  });

  test.each([
    [{ ...base, start: "2026-01-15 05:00" }, "start"],
    [{ ...base, end: "2026-01-15T04:00:00+01:00" }, "end"],
    [{ ...base, meter: { mode: "fast" } }, "meter.mode"],
    [{ ...base, settings: { loads: [{ id: "living", nominalPowerW: -1 }] } }, "settings.loads[0].nominalPowerW"],
    [{ ...base, settings: { loads: [{ id: "living", nominalPowerW: 100, priority: 7 }] } }, "settings.loads[0].priority"],
    [{ ...base, steps: [{ at: "2026-01-15T05:10:00+01:00", override: { load: "kitchen", override: "on" } }] }, "steps[0].override.load"],
    [{ ...base, steps: [{ at: "2026-01-15T07:00:00+01:00", button: "press" }] }, "steps[0].at"],
    [{ ...base, steps: [{ at: "2026-01-15T05:10:00+01:00", dance: true }] }, "steps[0]"],
    [{ ...base, steps: [{ at: "2026-01-15T05:10:00+01:00", homekit: { target: "COOL" } }] }, "steps[0].homekit.target"],
  ])("names the bad field (%#)", (input, field) => {
    const r = parseScenario(JSON.stringify(input));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toContain(field);
    for (const e of r.errors) expect(e.message.length).toBeGreaterThan(5);
  });

  test("not JSON is reported, not thrown", () => {
    const r = parseScenario("{ nope");
    expect(r.ok).toBe(false);
  });

  test("runScenario exits 2 with the field and why on an invalid file, 2 on a missing file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-"));
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ ...base, meter: { subscribedKVA: 99 } }));
    const errors: string[] = [];
    const out: string[] = [];
    expect(await runScenario({ file, fast: true, out: (l) => out.push(l), err: (l) => errors.push(l) })).toBe(2);
    expect(out).toEqual([]);
    expect(errors.join("\n")).toMatch(/meter\.subscribedKVA: must be a number between 3 and 36, got 99/);
    expect(await runScenario({ file: join(dir, "missing.json"), fast: true, out: () => {}, err: (l) => errors.push(l) })).toBe(2);
    expect(errors[errors.length - 1]).toMatch(/cannot read/);
  });
});

describe("pacing", () => {
  test("without --fast the runner waits through the hal Timers for the scenario's whole duration", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-"));
    const file = join(dir, "short.json");
    writeFileSync(file, JSON.stringify({ ...base, end: "2026-01-15T05:01:00+01:00" }));
    let waitedMs = 0;
    const timers = {
      setTimeout: (cb: () => void, delayMs: number) => {
        waitedMs += delayMs;
        cb();
        return 0;
      },
      setInterval: () => 0,
      clear: () => {},
    };
    const lines: string[] = [];
    expect(await runScenario({ file, fast: false, out: (l) => lines.push(l), timers })).toBe(0);
    expect(waitedMs).toBe(60_000);
    expect(JSON.parse(lines[lines.length - 1])).toEqual(expect.objectContaining({ type: "end", at: "2026-01-15T05:01:00+01:00" }));
  });
});
