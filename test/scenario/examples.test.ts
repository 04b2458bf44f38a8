// Plays every shipped example scenario on a virtual clock through the real meter encoder, decoder and
// Controller, and checks the effects the issue promises for each.
import { join } from "node:path";
import { runScenario } from "../../host-sim/scenario/run";

interface Line {
  at: string;
  type: string;
  [key: string]: unknown;
}

async function play(name: string): Promise<{ code: number; lines: Line[] }> {
  const lines: Line[] = [];
  const code = await runScenario({ file: join(__dirname, "../../host-sim/scenarios", name), fast: true, out: (l) => lines.push(JSON.parse(l) as Line) });
  return { code, lines };
}

jest.setTimeout(120_000); // whole simulated days through the real encoder and decoder; no duration is asserted

const loadLines = (lines: Line[], id: string) => lines.filter((l) => l.type === "load" && l.id === id);

describe("example scenarios (--fast)", () => {
  test("red day: heaters off with red_peak at 06:00 local, back on at 22:00, HEAT refused, fridge never shed", async () => {
    const { code, lines } = await play("red-day.json");
    expect(code).toBe(0);
    const living = loadLines(lines, "living");
    expect(living).toContainEqual(expect.objectContaining({ at: "2026-01-15T06:00:00+01:00", on: false, reason: "red_peak", order: "hors-gel" }));
    expect(living).toContainEqual(expect.objectContaining({ at: "2026-01-15T22:00:00+01:00", on: true, order: "confort" }));
    expect(loadLines(lines, "bedroom")).toContainEqual(expect.objectContaining({ at: "2026-01-15T06:00:00+01:00", on: false, order: "arret" }));
    // Nothing turns the heaters back on during the peak.
    const duringPeak = living.filter((l) => l.at > "2026-01-15T06:00:00+01:00" && l.at < "2026-01-15T22:00:00+01:00");
    expect(duringPeak).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ at: "2026-01-15T10:00:00+01:00", type: "refused", request: "HEAT", reason: "red_peak" }));
    expect(lines).toContainEqual(expect.objectContaining({ at: "2026-01-15T10:00:00+01:00", type: "led", pattern: "refused" }));
    expect(lines.filter((l) => l.type === "mode")).toEqual([]);
    expect(loadLines(lines, "fridge").every((l) => l.on === true)).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ type: "tariff", colour: "red", period: "hp" }));
  });

  test("white day: shed at 06:00, button HEAT at 17:00 brings heat back, AUTO again at 22:00", async () => {
    const { code, lines } = await play("white-day-heat.json");
    expect(code).toBe(0);
    const living = loadLines(lines, "living");
    expect(living).toContainEqual(expect.objectContaining({ at: "2026-01-14T06:00:00+01:00", on: false, reason: "white_peak" }));
    expect(living).toContainEqual(expect.objectContaining({ at: "2026-01-14T17:00:00+01:00", on: true, reason: "heat_mode" }));
    expect(lines.filter((l) => l.type === "mode").map((l) => [l.at, l.mode])).toEqual([
      ["2026-01-14T17:00:00+01:00", "HEAT"],
      ["2026-01-14T22:00:00+01:00", "AUTO"],
    ]);
    // The heat pump is not shed on white peaks (its shedBy says so) and shows its SG-Ready state: 3 "recommended on"
    // in the blue night before 06:00 (issue #14), 2 "normal" from then on.
    const heatpump = loadLines(lines, "heatpump");
    expect(heatpump.every((l) => l.on === true)).toBe(true);
    expect(heatpump.filter((l) => l.at < "2026-01-14T06:00:00+01:00" && l.reason !== "boot").map((l) => l.order)).toEqual(["sg-recommended"]);
    expect(heatpump.filter((l) => l.at >= "2026-01-14T06:00:00+01:00").every((l) => l.order === "sg-normal")).toBe(true);
  });

  test("blue evening overload: priority 4 first within the same frame, then priority 2, back one at a time", async () => {
    const { code, lines } = await play("blue-evening-overload.json");
    expect(code).toBe(0);
    const overloadOffs = lines.filter((l) => l.type === "load" && l.reason === "overload");
    expect(overloadOffs.map((l) => l.id)).toEqual(["boiler", "living"]);
    expect(overloadOffs[0].at).toBe("2026-01-13T19:00:00+01:00");
    // Shed by the overload group, before the frame that carried it was complete: the log comes from that group.
    expect(lines).toContainEqual(expect.objectContaining({ at: "2026-01-13T19:00:00+01:00", type: "log", level: "warn" }));
    expect(loadLines(lines, "fridge").every((l) => l.on === true)).toBe(true);
    const restores = lines.filter((l) => l.type === "log" && typeof l.message === "string" && (l.message as string).startsWith("overload over"));
    expect(restores.length).toBe(2);
    expect(restores[0].at < restores[1].at).toBe(true);
    expect(restores[0].message).toContain("living"); // the more important load comes back first
    const boilerBack = loadLines(lines, "boiler").find((l) => l.on === true && l.at > "2026-01-13T19:20:00+01:00");
    expect(boilerBack).toBeDefined();
  });

  test("meter unplugged: meter-lost LED after 10 s, restart remembers colours, red peak shed on our clock", async () => {
    const { code, lines } = await play("meter-unplugged.json");
    expect(code).toBe(0);
    const faults = lines.filter((l) => l.type === "fault" && l.fault === "meter-lost");
    expect(faults[0]).toEqual(expect.objectContaining({ active: true }));
    expect(faults[0].at >= "2026-01-15T04:00:08+01:00" && faults[0].at <= "2026-01-15T04:00:10+01:00").toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ type: "led", pattern: "meter-lost" }));
    expect(lines).toContainEqual(expect.objectContaining({ type: "boot", persisted: ["owner", "tariff"] }));
    expect(loadLines(lines, "living")).toContainEqual(expect.objectContaining({ at: "2026-01-15T06:00:00+01:00", on: false, reason: "red_peak" }));
    expect(faults[faults.length - 1]).toEqual(expect.objectContaining({ at: "2026-01-15T07:30:00+01:00", active: false }));
  });
});
