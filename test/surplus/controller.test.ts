// The surplus slice inside the real Controller: meter injection and GX readings in, the `surplus` rule's decisions
// out through the loads pass (budget, anti-chatter), the guarantee in HC, overruns, forced on with an end time.
import { Controller } from "../../src/app/controller";
import type { ControllerEvent, Effect, LoadSnapshot } from "../../src/app/types";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { validateSettings } from "../../src/settings/validate";
import type { Settings } from "../../src/settings/types";
import { reading } from "../app/readings";
import { renderStatusPage } from "../../src/web/status-page";

const S = 1000;
const M = 60 * S;

function settingsOf(patch: Record<string, unknown>): Settings {
  const checked = validateSettings({
    loads: [
      { id: "ballon", name: "Ballon", kind: "relay", priority: 1, nominalPowerW: 2400, shedBy: ["overload"], minOnMs: 0, minOffMs: 0 },
      { id: "ve", name: "VE", kind: "modulating", priority: 3, nominalPowerW: 3700, minPowerW: 1400, shedBy: ["overload"], minOnMs: 0, minOffMs: 0 },
      { id: "salon", name: "Salon", kind: "relay", priority: 2, nominalPowerW: 1500 },
    ],
    surplusSource: "meter",
    surplusLoads: "ballon:need=60 ve",
    ...patch,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.settings;
}

class Box {
  readonly c: Controller;
  readonly facts: Effect[] = [];
  t: number;
  constructor(settings: Settings, at: string) {
    this.t = parseIsoWithOffset(at);
    this.c = new Controller(settings, undefined, this.t);
  }
  load(id: string): LoadSnapshot {
    const l = this.c.snapshot().loads.find((x) => x.id === id);
    if (!l) throw new Error(id);
    return l;
  }
  send(event: ControllerEvent): void {
    for (const f of this.c.dispatch(event, this.t)) this.facts.push(f);
  }
  /** Meter frames every 2 s for `minutes`; the export is PV minus the house minus what our loads draw now. */
  run(minutes: number, pvW: (t: number) => number, spec: { colour?: "blue" | "red"; period?: "hp" | "hc"; overload?: boolean } = {}): void {
    const end = this.t + minutes * M;
    for (; this.t < end; this.t += 2 * S) {
      let drawnW = 400;
      for (const l of this.c.snapshot().loads) if (l.on) drawnW += l.allocatedW > 0 ? l.allocatedW : l.nominalPowerW;
      const net = pvW(this.t) - drawnW;
      const r = reading({ colour: spec.colour ?? "blue", period: spec.period ?? "hp", powerVA: net < 0 ? -net : 0, overload: spec.overload });
      r.injectedPowerVA = net > 0 ? net : 0;
      this.send({ type: "tic-frame", reading: r });
    }
  }
  switches(id: string): number {
    return this.facts.filter((f) => f.type === "load" && f.id === id).reduce((n, f, i, all) => (f.type === "load" && (i === 0 || (all[i - 1] as { on: boolean }).on !== f.on) ? n + 1 : n), 0);
  }
}

describe("surplus in the Controller", () => {
  test("the sun starts the water heater, then the EV on what is left with a setpoint; clouds stop them; salon untouched", () => {
    const box = new Box(settingsOf({}), "2026-06-17T11:00:00+02:00");
    box.run(0.5, () => 0);
    expect(box.load("ballon")).toMatchObject({ on: false, reason: "no_surplus" });
    expect(box.load("salon")).toMatchObject({ on: true, reason: "normal" });
    box.run(3, () => 6000);
    expect(box.load("ballon")).toMatchObject({ on: true, reason: "surplus" });
    box.run(3, () => 6000);
    // 6000 - 400 house - 1500 salon - 2400 ballon = 1700 W spare → EV at 1600 (100 W margin).
    expect(box.load("ve")).toMatchObject({ on: true, reason: "surplus", allocatedW: 1600 });
    box.run(2, () => 7000);
    expect(box.load("ve").allocatedW).toBe(2600);
    // Clouds: importing. The EV goes to its minimum, then both stop after offDelay (5 min) once their 10 min ran.
    box.run(20, () => 1000);
    expect(box.load("ve")).toMatchObject({ on: false, reason: "no_surplus" });
    expect(box.load("ballon")).toMatchObject({ on: false, reason: "no_surplus" });
    expect(box.switches("ballon")).toBeLessThanOrEqual(3);
    expect(box.load("salon")).toMatchObject({ on: true });
  });

  test("nothing starts during an overrun, whatever the sun", () => {
    const box = new Box(settingsOf({}), "2026-06-17T11:00:00+02:00");
    box.run(1, () => 0);
    box.run(5, () => 8000, { overload: true });
    expect(box.load("ballon").on).toBe(false);
    expect(box.load("ve").on).toBe(false);
    // The overrun was what held them: once over (and the shed salon back, after the restore hold), the sun starts one.
    box.run(10, () => 8000);
    expect(box.load("ballon")).toMatchObject({ on: true, reason: "surplus" });
  });

  test("the daily guarantee runs in HC, not in a red HP, for what the sun did not give", () => {
    const box = new Box(settingsOf({}), "2026-01-15T20:00:00+01:00");
    box.run(60, () => 0, { colour: "red", period: "hp" });
    expect(box.load("ballon")).toMatchObject({ on: false, reason: "no_surplus" });
    box.run(30, () => 0, { colour: "red", period: "hc" });
    expect(box.load("ballon")).toMatchObject({ on: true, reason: "guarantee" });
    box.run(40, () => 0, { colour: "red", period: "hc" });
    expect(box.load("ballon")).toMatchObject({ on: false, reason: "no_surplus" });
    expect(box.load("ballon").detail).toBe("daily guarantee met");
  });

  test("the guarantee counts what really ran: held off by the power budget, it is still owed once the power is back", () => {
    const box = new Box(settingsOf({ availablePowerW: 1000 }), "2026-01-15T22:00:00+01:00");
    box.run(90, () => 0, { colour: "blue", period: "hc" });
    // The router asks, the budget says no (1 kW available for a 2.4 kW heater): nothing ran.
    expect(box.load("ballon")).toMatchObject({ on: false, reason: "budget" });
    box.send({ type: "settings", patch: { availablePowerW: null } });
    box.run(30, () => 0, { colour: "blue", period: "hc" });
    expect(box.load("ballon")).toMatchObject({ on: true, reason: "guarantee" });
    box.run(35, () => 0, { colour: "blue", period: "hc" });
    expect(box.load("ballon")).toMatchObject({ on: false, reason: "no_surplus", detail: "daily guarantee met" });
  });

  test("a battery: the GX's charge power routes only above the SoC threshold", () => {
    const box = new Box(settingsOf({ surplusSource: "gx", surplusLoads: "ballon", surplusRouteSocPct: 80 }), "2026-06-17T11:00:00+02:00");
    const gx = (socPct: number, batteryW: number): void => {
      for (let i = 0; i < 90; i++) {
        box.t += 2 * S;
        box.send({ type: "gx-reading", socPct, batteryW, gridW: 0, pvW: batteryW + 400 });
      }
    };
    gx(60, 3000);
    expect(box.load("ballon").on).toBe(false);
    expect(box.load("ballon").detail).toContain("waiting for 2500 W");
    gx(85, 3000);
    expect(box.load("ballon")).toMatchObject({ on: true, reason: "surplus" });
  });

  test("off-grid: no meter, no Tempo; the GX's full battery starts the routed load and nothing says the meter is lost", () => {
    const box = new Box(settingsOf({ offGrid: true, surplusSource: "off", surplusLoads: "ballon" }), "2026-01-15T10:00:00+01:00");
    const gx = (minutes: number, socPct: number, batteryW: number): void => {
      for (let i = 0; i < minutes * 30; i++) {
        box.t += 2 * S;
        box.send({ type: "gx-reading", socPct, batteryW, gridW: null, pvW: 3000 });
      }
    };
    gx(20, 70, 1500);
    expect(box.load("ballon")).toMatchObject({ on: false, reason: "no_surplus" });
    // The salon, not routed, runs: an off-grid box has no peak (a red day's HP here, were it on Tempo).
    expect(box.load("salon")).toMatchObject({ on: true, reason: "normal" });
    gx(3, 99, 0);
    expect(box.load("ballon")).toMatchObject({ on: true, reason: "surplus" });
    expect(box.facts.some((f) => f.type === "fault" && f.fault === "meter-lost")).toBe(false);
    expect(box.c.snapshot().meter.status).toBe("waiting");
  });

  test("the status page says why in each language: the surplus a load needs, what it started on, its setpoint", () => {
    const box = new Box(settingsOf({}), "2026-06-17T11:00:00+02:00");
    box.run(1, () => 0);
    // Pieces joined, thousands separators (narrow no-break spaces in French) read as plain spaces.
    const page = (lang: "fr" | "en"): string => ([] as string[]).concat(renderStatusPage({ lang, snapshot: box.c.snapshot(), nowMs: box.t })).join("").replace(/[\u00a0\u202f]/g, " ");
    expect(page("fr")).toContain("pas de surplus solaire");
    expect(page("fr")).toContain("Il lui faut 2 500 W de surplus solaire.");
    expect(page("en")).toContain("Needs 2,500 W of solar surplus.");
    box.run(3, () => 6000);
    expect(page("fr")).toContain("Démarré avec 4 100 W de surplus pour 2 500 W.");
    expect(page("fr")).toContain("Consigne 1 600 W, elle suit le surplus.");
    expect(page("en")).toContain("Setpoint 1,600 W, following the surplus.");
  });

  test("forced on with an end time beats no surplus, then the router has its say again", () => {
    const box = new Box(settingsOf({}), "2026-06-17T11:00:00+02:00");
    box.run(1, () => 0);
    const untilMs = box.t + 30 * M;
    box.send({ type: "load-override", loadId: "ballon", override: "on", untilMs });
    expect(box.load("ballon")).toMatchObject({ on: true, reason: "forced_on", override: "on", overrideUntilMs: untilMs });
    box.run(31, () => 0);
    expect(box.load("ballon")).toMatchObject({ on: false, reason: "no_surplus", override: "auto" });
  });
});
