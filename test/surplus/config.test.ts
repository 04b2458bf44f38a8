// The surplus loads text → per-load policies, units converted; a malformed text routes nothing.
import { DEFAULT_SURPLUS_POLICY } from "../../src/surplus/router";
import { surplusPoliciesOf } from "../../src/surplus/config";

test("ids with optional key=value in their units", () => {
  expect(surplusPoliciesOf("ballon:need=180,margin=300 pompe:max=240,on=120,off=600,minrun=20,import=50 ve")).toEqual({
    ballon: { ...DEFAULT_SURPLUS_POLICY, guaranteeMs: 180 * 60_000, marginW: 300 },
    pompe: { ...DEFAULT_SURPLUS_POLICY, maxRunMsPerDay: 240 * 60_000, onDelayMs: 120_000, offDelayMs: 600_000, minRunMs: 20 * 60_000, stopImportW: 50 },
    ve: DEFAULT_SURPLUS_POLICY,
  });
});

test("empty or malformed: nothing routed", () => {
  expect(surplusPoliciesOf("")).toEqual({});
  expect(surplusPoliciesOf("ballon:power=3")).toEqual({});
  expect(surplusPoliciesOf("Ballon")).toEqual({});
});
