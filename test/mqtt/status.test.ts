// The MQTT link as the owner sees it: the status page's section and GET /api/status's `mqtt` object, from a real
// bridge on a real socket (a dead port, then a live mosquitto), a URL that does not parse, and MQTT left off.
import { nodeTimers } from "../../hal/node/clock";
import { nodeMqtt } from "../../hal/node/mqtt";
import type { Settings } from "../../src/app/types";
import { MqttBridge } from "../../src/mqtt/bridge";
import { mqttConfigOf, type MqttSettingsView } from "../../src/mqtt/config";
import { webFixture, type WebFixture } from "../web/web-fixture";
import { Broker, freePort, mosquittoPath } from "./broker";

/** Each wait is bounded: a bridge that never changes state fails the test in seconds. */
const WAIT_MS = 8_000;

jest.setTimeout(30_000);

async function until(what: string, probe: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The web fixture's box with a bridge on it, its settings laid over by `mqtt`. */
function boxWithBridge(mqtt: Partial<MqttSettingsView>): { f: WebFixture; bridge: MqttBridge } {
  const f = webFixture();
  const bridge = new MqttBridge({
    device: f.device,
    network: nodeMqtt,
    timers: nodeTimers,
    clock: f.time,
    logger: { log: () => undefined },
    settings: f.box.settings(),
    boxId: "a1b2c3d4e5f6",
    info: { name: "Délesteur", model: "test", swVersion: "0.1.0" },
    configOf: (s: Settings) => mqttConfigOf({ ...(s as unknown as MqttSettingsView), ...mqtt }),
  });
  f.box.mqtt = () => bridge.status();
  return { f, bridge };
}

function apiMqtt(f: WebFixture): Record<string, unknown> | undefined {
  const r = f.request("GET", "/api/status");
  expect(r.status).toBe(200);
  return (JSON.parse(r.body) as { mqtt?: Record<string, unknown> }).mqtt;
}

function section(body: string): string {
  const m = /<p class="[a-z]+" id="mqtt" data-mqtt="[a-z-]+">.*?<\/p>/.exec(body);
  if (!m) throw new Error("no MQTT section on the page");
  return m[0];
}

describe("MQTT status on the page and in the API", () => {
  let bridge: MqttBridge | undefined;
  let broker: Broker | undefined;
  afterEach(async () => {
    bridge?.stop();
    bridge = undefined;
    await broker?.dispose();
    broker = undefined;
  });

  test("a box without a bridge: no section, no mqtt object", () => {
    const f = webFixture();
    expect(f.request("GET", "/").body).not.toContain('id="mqtt"');
    expect(apiMqtt(f)).toBeUndefined();
  });

  test("MQTT left off: said so, in French first and in English", () => {
    const made = boxWithBridge({ mqttEnabled: false, mqttUrl: "" });
    bridge = made.bridge;
    bridge.start();
    expect(section(made.f.request("GET", "/").body)).toContain('data-mqtt="off">désactivé');
    expect(section(made.f.request("GET", "/", { query: { lang: "en" } }).body)).toContain('data-mqtt="off">off');
    expect(apiMqtt(made.f)).toMatchObject({ state: "off", enabled: false, connects: 0 });
  });

  test("a dead broker is shown as such: offline, the reason, the next try; no password anywhere", async () => {
    const port = await freePort(); // nothing listens there
    const made = boxWithBridge({ mqttEnabled: true, mqttUrl: `mqtt://owner:s3cret-pw@127.0.0.1:${port}` });
    bridge = made.bridge;
    bridge.start();
    await until("the first attempt failed", () => made.bridge.status().state === "waiting");
    const fr = section(made.f.request("GET", "/").body);
    expect(fr).toContain('class="warn"');
    expect(fr).toContain(`data-mqtt="error">hors ligne 127.0.0.1:${port} — <span class="detail">`);
    expect(fr).toContain("ECONNREFUSED");
    // The first back-off is 1 s on the box's clock, which has not moved.
    expect(fr).toContain("nouvel essai dans 1 s");
    const en = made.f.request("GET", "/", { query: { lang: "en" } }).body;
    expect(section(en)).toContain(`offline 127.0.0.1:${port}`);
    expect(section(en)).toContain("next try in 1 s");
    const api = apiMqtt(made.f)!;
    expect(api).toMatchObject({ state: "error", enabled: true, broker: `127.0.0.1:${port}`, retryInS: 1, connects: 0 });
    expect(String(api.error)).toContain("ECONNREFUSED");
    made.f.time.advance(5_000); // the retry is due: never a negative count-down
    expect(apiMqtt(made.f)!.retryInS).toBe(0);
    for (const text of [fr, en, JSON.stringify(api)]) expect(text).not.toContain("s3cret-pw");
  });

  test("a live broker: connected, with the counters", async () => {
    if (mosquittoPath() === undefined) return; // bridge-broker.test.ts says mosquitto is missing
    broker = new Broker(await freePort());
    await broker.start();
    const made = boxWithBridge({ mqttEnabled: true, mqttUrl: `mqtt://127.0.0.1:${broker.port}` });
    bridge = made.bridge;
    bridge.start();
    expect(apiMqtt(made.f)).toMatchObject({ state: "connecting" });
    expect(section(made.f.request("GET", "/").body)).toContain(`data-mqtt="connecting">connexion en cours à 127.0.0.1:${broker.port}…`);
    await until("online", () => made.bridge.status().state === "online");
    const page = made.f.request("GET", "/").body;
    expect(section(page)).toContain(`class="ok" id="mqtt" data-mqtt="connected">connecté à 127.0.0.1:${broker.port}`);
    expect(page).toMatch(/messages envoyés [1-9]\d* · perdus 0 · commandes reçues 0 · refusées 0/);
    const api = apiMqtt(made.f)!;
    expect(api).toMatchObject({ state: "connected", connects: 1, dropped: 0 });
    expect(api.error).toBeUndefined();
    expect(api.retryInS).toBeUndefined();
  });

  test("a broker URL that does not parse: off, with the setting's error", () => {
    const made = boxWithBridge({ mqttEnabled: true, mqttUrl: "http://broker.lan" });
    bridge = made.bridge;
    bridge.start();
    const fr = section(made.f.request("GET", "/").body);
    expect(fr).toContain('data-mqtt="bad-setting">désactivé : réglage invalide');
    expect(fr).toContain("http://broker.lan");
    expect(apiMqtt(made.f)).toMatchObject({ state: "bad-setting", enabled: false });
  });
});
