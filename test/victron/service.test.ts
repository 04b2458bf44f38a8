// The Victron service wired to a real Controller, against the simulated GX over a real mosquitto: the ESS plan follows
// the colours the Controller knows, the GX's battery readings start a routed load, and the status lines say so.
import { connect } from "mqtt";
import { nodeClock, nodeTimers } from "../../hal/node/clock";
import { nodeMqtt } from "../../hal/node/mqtt";
import { Controller } from "../../src/app/controller";
import type { ControllerEvent } from "../../src/app/types";
import type { Observer } from "../../src/publish/publisher";
import { validateSettings } from "../../src/settings/validate";
import { victronJson, victronSection } from "../../src/victron/status-view";
import { VictronService } from "../../src/victron/victron-service";
import { reading } from "../app/readings";
import { Broker, freePort, mosquittoPath } from "../mqtt/broker";
import { GxSimulator } from "../../host-sim/gx-sim";
import { until as pollUntil } from "../support/until";

const PORTAL = "48e7da8a21b7";
const WAIT_MS = 20_000;

jest.setTimeout(60_000);

const until = <T>(what: string, probe: () => T | undefined | false, timeoutMs = WAIT_MS): Promise<T> => pollUntil(what, probe, timeoutMs);

/** The part of the Device the service uses, over a real Controller on the real clock. */
function deviceOver(c: Controller): { dispatch(e: ControllerEvent): unknown; subscribe(o: Observer): () => void; snapshot: Controller["snapshot"] } {
  const observers: Observer[] = [];
  return {
    dispatch(e) {
      const nowMs = Date.now();
      const outcome = c.command(e, nowMs);
      if (outcome.effects.length > 0) for (const o of observers) o({ nowMs, facts: outcome.effects, presentation: [], snapshot: () => c.snapshot() });
      return outcome;
    },
    subscribe(o) {
      observers.push(o);
      return () => void observers.splice(observers.indexOf(o), 1);
    },
    snapshot: () => c.snapshot(),
  };
}

(mosquittoPath() ? describe : describe.skip)("Victron service with a Controller", () => {
  test("a red day with blue tomorrow is written to the GX and read back; the battery's charge starts the water heater", async () => {
    const broker = new Broker(await freePort());
    await broker.start();
    const sim = new GxSimulator({ port: broker.port, portalId: PORTAL, publishEveryMs: 200 });
    sim.set("system/0/Dc/Battery/Soc", 92);
    sim.set("system/0/Dc/Battery/Power", 3200);
    sim.set("system/0/Ac/Grid/L1/Power", 10);
    await sim.start();
    const checked = validateSettings({
      loads: [{ id: "ballon", name: "Ballon", kind: "relay", priority: 1, nominalPowerW: 2400, shedBy: ["overload"], minOnMs: 0, minOffMs: 0 }],
      victronUrl: `mqtt://127.0.0.1:${broker.port}`,
      essEnabled: true,
      essChargeSlot: 2,
      surplusSource: "gx",
      surplusLoads: "ballon:on=1",
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const controller = new Controller(checked.settings, undefined, Date.now());
    const device = deviceOver(controller);
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "red", period: "hp", tomorrow: "blue", powerVA: 0 }) });
    const logs: string[] = [];
    const service = new VictronService({ device, network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger: { log: (_l, m) => void logs.push(m) }, settings: checked.settings, clientId: "test-box" });
    try {
      service.start();
      await until("the ESS held", () => service.status().gx?.ess.done);
      expect(sim.settings.get("BatteryLife/MinimumSocLimit")).toBe(25);
      expect(sim.settings.get("BatteryLife/State")).toBe(10);
      expect(sim.settings.get("BatteryLife/Schedule/Charge/2/Soc")).toBe(80);
      expect(sim.settings.get("BatteryLife/Schedule/Charge/2/AllowDischarge")).toBe(1);
      // The other slots are the owner's: untouched.
      expect(sim.writes.filter((w) => w.path.includes("/Charge/") && !w.path.includes("/Charge/2/"))).toEqual([]);

      await until("the water heater on the battery's charge", () => controller.snapshot().loads[0].on && controller.snapshot().loads[0].reason === "surplus");
      const json = victronJson(service.status()) as { gx: { state: string; portalId: string; readings: { socPct: number; batteryW: number } } };
      expect(json.gx).toMatchObject({ state: "online", portalId: PORTAL, readings: { socPct: 92, batteryW: 3200 } });
      const fr = victronSection("fr", service.status());
      expect(fr).toContain("GX connecté");
      expect(fr).toContain("Réglages ESS écrits et relus");
      expect(victronSection("en", service.status())).toContain("battery 92 %");
    } finally {
      service.stop();
      await sim.close();
      await broker.dispose();
    }
  });
  test("the owner's surplus topic (import-positive) drives the router; a malformed payload is counted, never read as 0", async () => {
    const broker = new Broker(await freePort());
    await broker.start();
    const checked = validateSettings({
      loads: [{ id: "ballon", name: "Ballon", kind: "relay", priority: 1, nominalPowerW: 2400, shedBy: ["overload"], minOnMs: 0, minOffMs: 0 }],
      mqttUrl: `mqtt://127.0.0.1:${broker.port}`,
      surplusSource: "mqtt",
      surplusTopic: "maison/reseau/puissance",
      surplusTopicSign: "import-positive",
      surplusLoads: "ballon:on=1",
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const controller = new Controller(checked.settings, undefined, Date.now());
    const device = deviceOver(controller);
    const service = new VictronService({ device, network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger: { log: () => undefined }, settings: checked.settings, clientId: "test-box" });
    const meter = connect({ host: "127.0.0.1", port: broker.port, protocolVersion: 4, reconnectPeriod: 0, clientId: "test-meter" });
    await new Promise<void>((resolve, reject) => {
      meter.once("connect", () => resolve());
      meter.once("error", reject);
    });
    const timer = setInterval(() => meter.publish("maison/reseau/puissance", "-3100"), 250);
    try {
      service.start();
      await until("the topic link", () => service.status().topic?.state === "online");
      meter.publish("maison/reseau/puissance", "{\"power\": 12}");
      await until("the malformed payload counted", () => service.status().topicMalformed === 1);
      // -3100 W imported is 3100 W exported: the water heater starts once the router's step and onDelay pass.
      const tick = setInterval(() => device.dispatch({ type: "tick" }), 500);
      try {
        await until("the water heater on the topic's surplus", () => controller.snapshot().loads[0].reason === "surplus");
      } finally {
        clearInterval(tick);
      }
      expect(service.status().topicValueW).toBe(-3100);
    } finally {
      clearInterval(timer);
      service.stop();
      await meter.endAsync(true);
      await broker.dispose();
    }
  });
  test("settings saved while the box runs start the GX link, and removing the GX stops it", async () => {
    const broker = new Broker(await freePort());
    await broker.start();
    const sim = new GxSimulator({ port: broker.port, portalId: PORTAL, publishEveryMs: 200 });
    await sim.start();
    const checked = validateSettings({ loads: [] });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const controller = new Controller(checked.settings, undefined, Date.now());
    const device = deviceOver(controller);
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "white", period: "hp", tomorrow: "red", powerVA: 500 }) });
    const service = new VictronService({ device, network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger: { log: () => undefined }, settings: checked.settings, clientId: "test-box" });
    try {
      service.start();
      // Nothing set: the page and the API say nothing of Victron.
      expect(service.statusIfUsed()).toBeUndefined();
      const outcome = device.dispatch({ type: "settings", patch: { victronUrl: `mqtt://127.0.0.1:${broker.port}`, essEnabled: true } }) as { refused?: string };
      expect(outcome.refused).toBeUndefined();
      await until("the ESS held after the save", () => service.status().gx?.ess.done);
      expect(sim.settings.get("BatteryLife/Schedule/Charge/0/Soc")).toBe(100);
      expect(sim.settings.get("BatteryLife/MinimumSocLimit")).toBe(30);
      expect(service.statusIfUsed()?.gx?.link.state).toBe("online");
      device.dispatch({ type: "settings", patch: { victronUrl: "" } });
      expect(service.status().gx).toBeNull();
      expect(service.statusIfUsed()).toBeUndefined();
    } finally {
      service.stop();
      await sim.close();
      await broker.dispose();
    }
  });
  test("nothing is written before the meter's first frame says today's colour; then the day's plan", async () => {
    const broker = new Broker(await freePort());
    await broker.start();
    const sim = new GxSimulator({ port: broker.port, portalId: PORTAL, publishEveryMs: 200 });
    await sim.start();
    const checked = validateSettings({ loads: [], victronUrl: `mqtt://127.0.0.1:${broker.port}`, essEnabled: true });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const controller = new Controller(checked.settings, undefined, Date.now());
    const device = deviceOver(controller);
    const service = new VictronService({ device, network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger: { log: () => undefined }, settings: checked.settings, clientId: "test-box" });
    try {
      service.start();
      await until("the GX online", () => service.status().gx?.link.state === "online" && sim.keepalives.length > 0);
      device.dispatch({ type: "tick" });
      await new Promise((r) => setTimeout(r, 1500));
      expect(sim.writes).toEqual([]);
      expect(service.status().gx?.ess.entries).toEqual([]);
      device.dispatch({ type: "tic-frame", reading: reading({ colour: "red", period: "hp", tomorrow: "white", powerVA: 500 }) });
      await until("the red day held", () => service.status().gx?.ess.done);
      expect(sim.settings.get("BatteryLife/MinimumSocLimit")).toBe(25);
    } finally {
      service.stop();
      await sim.close();
      await broker.dispose();
    }
  });
});
