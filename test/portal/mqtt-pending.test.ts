// The portal's MQTT fields reach the box's settings at the next boot, once, without losing the board's loads, and
// never overriding what the owner later saves on the settings page.
import { createCore } from "../../src/device/core";
import { MemoryStore } from "../../src/device/memory-store";
import { readJson, writeJson } from "../../src/device/json-store";
import { PORTAL_KEYS, writePortalSettings, type PortalSettings } from "../../src/portal/settings";

const LOADS = [{ id: "salon", name: "Salon", kind: "relay" as const, priority: 2, nominalPowerW: 2000 }];

function boot(store: MemoryStore, logs: string[] = []) {
  return createCore({ store, logger: { log: (level, message) => void logs.push(`${level} ${message}`) }, ticMode: "auto", defaultLoads: LOADS });
}

const PORTAL: PortalSettings = {
  wifiSsid: "Maison",
  wifiPassword: "correct horse battery",
  setupCode: "314-15-926",
  ticMode: "auto",
  mqtt: { mqttEnabled: true, mqttUrl: "mqtt://broker.lan:1884", mqttUser: "ha", mqttPassword: "p@ss", mqttDiscoveryPrefix: "ha" },
};

test("a new box: the portal's MQTT fields join the board's settings at boot, are saved, and the pending record goes", () => {
  const store = new MemoryStore();
  writePortalSettings(store, PORTAL);
  expect(store.get(PORTAL_KEYS.mqttPending)).toBeDefined();
  const core = boot(store);
  expect(core.settings).toMatchObject({ mqttEnabled: true, mqttUrl: "mqtt://broker.lan:1884", mqttUser: "ha", mqttPassword: "p@ss", mqttDiscoveryPrefix: "ha" });
  expect(core.settings.loads.map((l) => l.id)).toEqual(["salon"]);
  expect(store.get(PORTAL_KEYS.mqttPending)).toBeUndefined();
  expect(readJson(store, "app.settings").value).toEqual(core.settings);
  // The owner turns MQTT off on the settings page later: the next boot keeps that.
  writeJson(store, "app.settings", { ...core.settings, mqttEnabled: false });
  expect(boot(store).settings.mqttEnabled).toBe(false);
});

test("an empty password or prefix from the portal keeps the stored ones; no MQTT section changes nothing", () => {
  const store = new MemoryStore();
  const first = boot(store).settings;
  writeJson(store, "app.settings", { ...first, mqttUrl: "mqtt://old.lan", mqttPassword: "kept-pw", mqttDiscoveryPrefix: "kept" });
  writePortalSettings(store, { ...PORTAL, mqtt: { mqttEnabled: true, mqttUrl: "mqtt://new.lan", mqttUser: "" } });
  const core = boot(store);
  expect(core.settings).toMatchObject({ mqttEnabled: true, mqttUrl: "mqtt://new.lan", mqttUser: "", mqttPassword: "kept-pw", mqttDiscoveryPrefix: "kept" });
  const again = new MemoryStore();
  writePortalSettings(again, { ...PORTAL, mqtt: undefined });
  expect(again.get(PORTAL_KEYS.mqttPending)).toBeUndefined();
  expect(boot(again).settings.mqttEnabled).toBe(false);
  expect(again.get("app.settings")).toBeUndefined();
});

test("a pending record that does not validate (or is not JSON) is dropped with a log line; the box boots as it was", () => {
  for (const bad of [utf8('{"mqttUrl":"http://x","mqttEnabled":true}'), utf8("{not json")]) {
    const store = new MemoryStore();
    store.set(PORTAL_KEYS.mqttPending, bad);
    const logs: string[] = [];
    const core = boot(store, logs);
    expect(core.settings.mqttEnabled).toBe(false);
    expect(core.settings.loads).toHaveLength(1);
    expect(store.get(PORTAL_KEYS.mqttPending)).toBeUndefined();
    expect(logs.some((l) => l.startsWith("warn portal MQTT settings"))).toBe(true);
  }
});

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
