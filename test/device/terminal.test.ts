// host-sim's live status line: each load in words (order or ON/OFF, and why when held back), never raw coil levels.
import type { Effect } from "../../src/app/types";
import { describeLoad, jsonView, liveView } from "../../host-sim/terminal";

type LoadEffect = Extract<Effect, { type: "load" }>;
const load = (patch: Partial<LoadEffect> & { id: string; on: boolean }): LoadEffect => ({ type: "load", level: patch.on ? "normal" : "off", allocatedW: 0, reason: "normal", detail: "", ...patch });

describe("loads in words", () => {
  test.each([
    ["salon confort", load({ id: "salon", on: true, order: "confort" })],
    ["salon hors-gel (red_peak)", load({ id: "salon", on: false, order: "hors-gel", reason: "red_peak" })],
    ["chauffe-eau OFF (red_peak)", load({ id: "chauffe-eau", on: false, reason: "red_peak" })],
    ["chauffe-eau ON", load({ id: "chauffe-eau", on: true })],
    ["chauffe-eau ON (forced_on)", load({ id: "chauffe-eau", on: true, reason: "forced_on" })],
    ["pac sg-lock (overload)", load({ id: "pac", on: false, order: "sg-lock", reason: "overload" })],
  ])("%s", (words, effect) => {
    expect(describeLoad(effect.id, effect)).toBe(words);
  });

  test("the live status line shows the latest decision per load and no coil glyphs", () => {
    let screen = "";
    const view = liveView((text) => void (screen += text));
    const at = Date.UTC(2026, 0, 15, 9);
    view.effect(load({ id: "salon", on: true, order: "confort" }), at);
    view.effect(load({ id: "chauffe-eau", on: false, reason: "red_peak" }), at);
    view.effect(load({ id: "salon", on: false, order: "eco", reason: "white_peak" }), at);
    screen = "";
    view.outputs({ salon: [true, true], "chauffe-eau": [true], chambres: [false] }, true, "normal");
    expect(screen).toContain("salon eco (white_peak), chauffe-eau OFF (red_peak), chambres (no decision yet)");
    expect(screen).not.toMatch(/[■□]/);
  });

  test("the JSON view is unchanged: a load effect is one line with its fields, outputs print nothing", () => {
    const lines: string[] = [];
    const view = jsonView((line) => void lines.push(line));
    view.effect(load({ id: "salon", on: false, order: "hors-gel", reason: "red_peak" }), Date.UTC(2026, 0, 15, 9));
    view.outputs({ salon: [true, false] }, false, "normal");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ type: "load", id: "salon", on: false, order: "hors-gel", reason: "red_peak" });
  });
});
