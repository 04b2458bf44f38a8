import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import type { ControllerEvent } from "../../src/app/types";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
// Found by the engine properties (seed -710713100): a load forced on, then forced off in the same millisecond, was held
// on by its minimum on time, then kept drawing while the overload slice listed it as cut.
test("an overload cut is a safety move even when the owner's \"off\" names the reason: the minimum on time does not hold it", () => {
  const r = validateSettings({ loads: [
      { id: "p0", kind: "relay", priority: 0, nominalPowerW: 300 },
      { id: "a", priority: 2, nominalPowerW: 2000, minOnMs: 120_000, minOffMs: 90_000 },
      { id: "b", priority: 3, nominalPowerW: 1500, minOnMs: 60_000, minOffMs: 300_000 },
      { id: "c", kind: "relay", priority: 3, nominalPowerW: 1500, maxSwitchesPerDay: 6 },
      { id: "d", kind: "relay", priority: 4, nominalPowerW: 2500, minOnMs: 30_000, minOffMs: 30_000, shedBy: ["overload", "meter_lost"] },
    ], rotationPeriodMs: 60_000 });
  if (!r.ok) throw new Error("s");
  const steps = [[0,{"type":"tic-frame","reading":{"mode":"historic","meterId":"021861348497","contract":"tempo","current":{"colour":"red","period":"hp","source":"PTEC"},"tomorrow":{"colour":"unknown","source":"DEMAIN"},"indexesWh":{},"currentsA":[0],"apparentPowerVA":0,"subscribedPowerVA":9000,"overload":{"active":false,"sources":[]},"warnings":[],"shortFrame":false,"counters":{"frames":1,"groupsOk":10,"groupsBad":0,"parityErrors":0,"framesAborted":0}}}],[6818,{"type":"tick"}],[83182,{"type":"load-override","loadId":"a","override":"on"}],[0,{"type":"load-override","loadId":"a","override":"off"}],[0,{"type":"tic-frame","reading":{"mode":"historic","meterId":"021861348497","contract":"tempo","current":{"colour":"blue","period":"hp","source":"PTEC"},"tomorrow":{"colour":"unknown","source":"DEMAIN"},"indexesWh":{},"currentsA":[46],"apparentPowerVA":10501,"subscribedPowerVA":9000,"overload":{"active":true,"sources":["ADPS"]},"warnings":[],"shortFrame":false,"counters":{"frames":1,"groupsOk":10,"groupsBad":0,"parityErrors":0,"framesAborted":0}}}]] as [number, ControllerEvent][];
  const c = new Controller(r.settings, undefined, parseIsoWithOffset("2026-01-15T05:30:00+01:00"));
  let now = parseIsoWithOffset("2026-01-15T05:30:00+01:00");
  for (const [dt, e] of steps) {
    now += dt;
    c.dispatch(e, now);
  }
  const snap = c.snapshot();
  expect(snap.overload.shedIds).toContain("a");
  const a = snap.loads.find((l) => l.id === "a");
  expect(a?.on).toBe(false);
  expect(a?.reason).toBe("forced_off");
});
