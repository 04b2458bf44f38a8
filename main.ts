// Firmware entry (ESP32, Moddable SDK): opens the hal/moddable pins from the manifest config and boots the Device.
// Never holds policy: everything but pin numbers and platform objects lives in src/ and runs in host-sim too.
import "./hal/moddable/globals";
import config from "mc/config";
import { Device } from "./src/device/device";
import { openTicSerial } from "./hal/moddable/serial";
import { openButton, openOutput, type PinConfig } from "./hal/moddable/digital";
import { PreferenceStore } from "./hal/moddable/store";
import { moddableClock, moddableSystem, moddableTimers, traceLogger } from "./hal/moddable/platform";
import { moddableRandom } from "./hal/moddable/random";
import { ModdableWifi } from "./hal/moddable/wifi";
import { ModdableTcpNetwork } from "./hal/moddable/tcp";
import { ModdableUdpNetwork } from "./hal/moddable/udp";
import { ModdableAdvertiser } from "./hal/moddable/mdns";
import { moddableMqtt } from "./hal/moddable/mqtt";
import { createModdableCrypto } from "./hal/moddable/crypto";
import { applyBuildProvisioning, type BuildProvisioning } from "./hal/moddable/build-config";
import { createCore } from "./src/device/core";
import { BOX_MDNS_HOST, createServices } from "./src/device/services";
import { NetworkSupervisor } from "./src/device/network";
import { withWebPage } from "./src/web/station";
import { deviceWebBox } from "./src/web/box";
import { SignalsService } from "./src/signals/service";
import { ModdableHttpClient } from "./hal/moddable/http-client";
import type { LoadKind } from "./src/app/types";
import type { LoadWiring } from "./src/device/device";
import { MODDABLE_AUTH_PRIMITIVES } from "./hal/moddable/auth-primitives";
import { plugOutputsFor } from "./src/plugs/factory";
import { ExchangeGate, PLUG_IN_FLIGHT_ESP32 } from "./src/plugs/gate";
import { PlugMqttLink } from "./src/plugs/mqtt-link";
import type { TicModeSetting, TicReading } from "./src/tic/types";
import { readRememberedBaud, rememberBaud } from "./src/tic/auto-baud";
import { checkProbes, type ProbeWiring } from "./hal/moddable/probe-config";
import { openOneWireProbes } from "./hal/moddable/onewire-probe";
import { startProbePolling } from "./src/manager/probe-poller";

interface FirmwareConfig extends BuildProvisioning {
  ticRx: number;
  ticPort: number;
  ticMode: TicModeSetting;
  button: PinConfig;
  ledRed: PinConfig;
  ledBlue: PinConfig;
  /** Each load as the settings schema wants it (id, name, kind, priority, nominalPowerW), plus its pins. */
  loads: { id: string; kind: LoadKind; pins: PinConfig[] }[];
  /** The status page's port in station mode: 80 on the box; the lin build picks one a non-root user may bind. */
  webPort?: number;
  /** DS18B20 tank probes by load id: the 1-Wire GPIO, and the ROM when several share it. None unless configured. */
  probes?: Record<string, ProbeWiring>;
}

const firmware = config as unknown as FirmwareConfig;
const HAP_PORT = 51826;
const WEB_PORT = 80;
// HomeKit keeps most of the ESP32's few lwIP sockets; a phone's browser opens 2–3 at once.
const WEB_MAX_CONNECTIONS = 3;

function boot(): void {
  const store = new PreferenceStore();
  const provisioned = applyBuildProvisioning(store, firmware);
  const defaultLoads = firmware.loads.map(({ pins: _pins, ...load }) => load);
  const core = createCore({ store, logger: traceLogger, ticMode: firmware.ticMode, defaultLoads });
  // One HTTP client for the smart plugs and the Internet tariff sources.
  const http = new ModdableHttpClient();
  const loads: Record<string, LoadWiring> = {};
  // Outputs first, released: relays stay off through the whole boot (loads run as without the box).
  for (const load of firmware.loads) loads[load.id] = { kind: load.kind, outputs: load.pins.map(openOutput) };
  // Loads whose contacts are smart plugs (their `outputs` setting) instead of the manifest's pins; the gate is shared
  // by every plug: the ESP32's sockets and heap allow two exchanges in flight (src/plugs/gate.ts).
  // MQTT plugs ride the box's one MQTT session (attached below): no second socket or client heap on the ESP32.
  const plugMqtt = new PlugMqttLink(moddableTimers);
  const plugDeps = { http, timers: moddableTimers, logger: traceLogger, random: moddableRandom, sha256: MODDABLE_AUTH_PRIMITIVES.sha256, gate: new ExchangeGate(PLUG_IN_FLIGHT_ESP32), mqtt: plugMqtt };
  for (const load of core.settings.loads) {
    if (load.outputs === undefined) continue;
    loads[load.id] = { kind: load.kind, outputs: plugOutputsFor(load.id, load.outputs, plugDeps).outputs };
  }
  const device = new Device({
    clock: moddableClock,
    timers: moddableTimers,
    logger: traceLogger,
    store,
    system: moddableSystem,
    // Historic mode runs at 1200 baud, standard at 9600; "auto" tries the rate proven last (else 1200), then the
    // other, until good groups prove one (src/tic/auto-baud), and remembers it.
    meter: openTicSerial({
      receivePin: firmware.ticRx, port: firmware.ticPort, baud: core.baud, mode: core.ticMode, remembered: readRememberedBaud(store),
      clock: moddableClock, timers: moddableTimers, logger: traceLogger, onBaudProven: (baud) => rememberBaud(store, baud),
    }),
    loads,
    redLed: openOutput(firmware.ledRed),
    blueLed: openOutput(firmware.ledBlue),
    button: openButton(firmware.button),
    createDecoder: core.createDecoder,
    createEngine: core.createEngine,
  });
  device.onReading(traceMeterChanges());
  device.start();
  startProbes(device);
  // Shedding never waits for the network: Wi-Fi, HomeKit and the portal start after the Device and only feed
  // the LED and Apple Home; with the router down the box still reads the meter and sheds.
  const wifi = new ModdableWifi();
  const services = createServices({
    device, store, wifi, system: moddableSystem, clock: moddableClock, timers: moddableTimers, random: moddableRandom, logger: traceLogger,
    tcp: new ModdableTcpNetwork(),
    udp: new ModdableUdpNetwork(),
    advertiser: new ModdableAdvertiser(BOX_MDNS_HOST),
    info: { name: "Délesteur", manufacturer: "délesteur project", model: "Délesteur Linky/Tempo", serialNumber: "ESP32", firmwareRevision: "0.1.0" },
    hapPort: HAP_PORT,
    crypto: createModdableCrypto,
    authPrimitives: MODDABLE_AUTH_PRIMITIVES,
  });
  // MQTT retries with back-off until Wi-Fi and the broker are there; a dead broker costs a log line and a status.
  const mqtt = services.startMqtt(moddableMqtt, core.settings);
  mqtt.attach(plugMqtt);
  // The Victron GX likewise: off unless a GX broker is set; the GX keeps its own ESS settings without us.
  const victron = services.startVictron(moddableMqtt, core.settings);
  const webBox = deviceWebBox(device, moddableClock, core.settings, () => mqtt.status());
  webBox.victron = () => victron.statusIfUsed();
  // The Internet tariff sources (off by default): a failure costs a status line, never a delay to shedding.
  const signals = new SignalsService({ http, clock: moddableClock, timers: moddableTimers, logger: traceLogger, device, settings: core.settings });
  signals.start();
  webBox.signals = () => signals.statuses();
  const network = new NetworkSupervisor({
    wifi, store, clock: moddableClock, timers: moddableTimers, logger: traceLogger,
    // The web page opens after HomeKit, in station mode only: on the set-up access point port 80 is the portal's.
    startHap: withWebPage(services.startHap, {
      tcp: new ModdableTcpNetwork(), timers: moddableTimers, random: moddableRandom, logger: traceLogger, store, clock: moddableClock,
      box: webBox, authPrimitives: MODDABLE_AUTH_PRIMITIVES,
    }, { port: firmware.webPort ?? WEB_PORT, maxConnections: WEB_MAX_CONNECTIONS, mdnsName: `${BOX_MDNS_HOST}.local` }).startHap,
    isPaired: () => services.pairing.isPaired(),
    openPortal: services.openPortal,
    onConnectivity: (connectivity) => device.setConnectivity(connectivity),
  });
  network.start();
  traceLogger.log("info", "délesteur booted", { loads: firmware.loads.length, ticMode: core.ticMode, baud: core.baud, provisioned, mqtt: mqtt.status().enabled ? mqtt.baseTopic() : "off" });
}

/**
 * The tank probes of `config.probes`, read every 30 s into the Device (src/manager/probe-poller.ts). A bad entry costs
 * a console line and that probe only: the box sheds without it (its tank then follows the heater's own thermostat).
 */
function startProbes(device: Device): void {
  const used: Record<number, string> = { [firmware.ticRx]: "ticRx", [firmware.button.pin]: "button", [firmware.ledRed.pin]: "ledRed", [firmware.ledBlue.pin]: "ledBlue" };
  for (const load of firmware.loads) for (const p of load.pins) used[p.pin] = `a pin of load ${load.id}`;
  const checked = checkProbes(firmware.probes, firmware.loads, used);
  const opened = openOneWireProbes(checked.probes, moddableTimers);
  for (const error of [...checked.errors, ...opened.errors]) traceLogger.log("error", `probe not wired: ${error}`);
  const ids = Object.keys(opened.probes);
  if (ids.length === 0) return;
  // The console says a probe's first reading, each failure and each recovery; not every 30 s reading.
  const last: Record<string, number | null | undefined> = {};
  startProbePolling({
    probes: opened.probes,
    timers: moddableTimers,
    dispatch: (event) => {
      const outcome = device.dispatch(event);
      if (event.type !== "tank-temperature") return outcome;
      const was = last[event.loadId];
      const now = event.temperatureC;
      if (was === undefined && outcome.refused !== undefined) traceLogger.log("warn", `probe ${event.loadId}: reading refused (${outcome.refused})`);
      else if (was === undefined || (was === null) !== (now === null)) traceLogger.log(now === null ? "warn" : "info", now === null ? `probe ${event.loadId}: no reading` : `probe ${event.loadId}: ${now} °C`);
      last[event.loadId] = now;
      return outcome;
    },
  });
  traceLogger.log("info", "probes read every 30 s", { loads: ids.join(",") });
}

/** The console shows the meter as the box understood it: the first frame, then each change of tariff state. */
function traceMeterChanges(): (reading: TicReading) => void {
  let last = "";
  return (reading) => {
    const summary = `${reading.mode} ${reading.contract} ${reading.current.period}/${reading.current.colour} tomorrow ${reading.tomorrow.colour}`;
    if (summary === last) return;
    last = summary;
    traceLogger.log("info", `meter: ${summary}`, { powerVA: reading.apparentPowerVA, currentsA: reading.currentsA, overload: reading.overload.active });
  };
}

try {
  boot();
} catch (error) {
  // A fatal error at boot: say why on the console, then restart (outputs are released by the reset itself).
  traceLogger.log("error", "fatal error at boot", { error: String(error) });
  moddableSystem.restart("fatal error");
}
