// `npm start`: the délesteur running in Node on hal/node: the same Device as the firmware, a live terminal view.
// Never holds policy: it picks the hal/node parts from the options, boots the Device and shows what it does.
import { SignalsService } from "../src/signals/service";
import type { SourceStatus } from "../src/signals/poller";
import { NodeHttpClient } from "../hal/node/http-client";
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FileKeyValueStore } from "../hal/node/store";
import { factoryReset } from "../src/device/factory-reset";
import { clearPendingSetupCode, readPendingSetupCode } from "../src/portal/settings";
import { SetupCodeRefused, startHomeKit, type HomeKitHandle } from "./homekit";
import { startPortal, type RunningPortal } from "./portal";
import { startHostWebPage, type HostWebPage } from "./web";
import { runScenario } from "./scenario/run";
import { callbackSystem, nodeClock, nodeRandom, nodeTimers } from "../hal/node/clock";
import { nodeMqtt } from "../hal/node/mqtt";
import { MqttBridge, type MqttBridgeStatus } from "../src/mqtt/bridge";
import { boxIdOf } from "../src/mqtt/box-id";
import { mqttConfigOf } from "../src/mqtt/config";
import { VictronService, type VictronStatus } from "../src/victron/victron-service";
import { fileSource } from "../hal/node/meter-sources";
import { openTicSerialLine } from "../hal/node/serial";
import { readRememberedBaud, rememberBaud } from "../src/tic/auto-baud";
import type { ByteSource, DigitalOutput, Logger } from "../hal/types";
import type { Settings } from "../src/app/types";
import { createCore } from "../src/device/core";
import { Device, type LoadWiring } from "../src/device/device";
import { startSimulatedTanks, type SimulatedTanks } from "./tank";
import { LOAD_KINDS } from "../src/loads/kinds";
import { drawAfter } from "./meter/load-draw";
import { attachLoadSwitches } from "../src/device/switch-binding";
import { ThermostatAdapter } from "../src/device/thermostat-binding";
import { LED_PATTERNS } from "../src/ui/led-patterns";
import { HELP_TEXT, parseOptions, type HostSimOptions } from "./options";
import { DEMO_LOADS, simMeterSource, type SimMeterSource } from "./sim-meter";
import { MIN_COLUMNS, jsonView, keyboardButton, liveView, type View } from "./terminal";
import { nodePlugs, type NodePlugs } from "./plugs";
import { gxSimCore, startGxSim, type RunningGxSim } from "./gx-sim-run";
import { LoadDraw } from "./meter/load-draw";

function fail(message: string, code = 2): never {
  process.stderr.write(`délesteur: ${message}\n`);
  process.exit(code);
}

function checkStateDir(dir: string): string {
  const full = resolve(dir);
  try {
    mkdirSync(full, { recursive: true });
    accessSync(full, constants.W_OK);
  } catch (error) {
    fail(`state dir ${full} is not writable (${(error as Error).message}): choose another with --state-dir DIR`);
  }
  return full;
}

async function runLive(options: HostSimOptions): Promise<void> {
  const stateDir = checkStateDir(options.stateDir);
  const store = new FileKeyValueStore(stateDir);
  let device: Device | undefined;
  const view: View = options.json || !process.stdout.isTTY
    ? jsonView((line) => process.stdout.write(line + "\n"), { frames: options.jsonFrames, writeLog: (line) => process.stderr.write(line + "\n") })
    : liveView((t) => process.stdout.write(t), {
      columns: () => process.stdout.columns ?? MIN_COLUMNS,
      rows: () => process.stdout.rows ?? 24,
      snapshot: () => device?.snapshot(),
      nowMs: () => nodeClock.nowMs(),
    });
  process.stdout.on("resize", () => view.resize());
  // Whatever ends the program (quit, a fatal error), the terminal gets its whole screen back as one scroll region.
  process.on("exit", () => view.close());
  // The box's log records go through the view: below the status region on a terminal, to stderr with --json; one
  // time offset (French local time) everywhere.
  const logger: Logger = { log: (level, message, fields) => void (level !== "debug" && view.log(level, message, fields, nodeClock.nowMs())) };
  let meter: ByteSource | undefined;
  let ledTimer: ReturnType<typeof setInterval> | undefined;
  let homekit: HomeKitHandle | undefined;
  let pairedTimer: ReturnType<typeof setInterval> | undefined;
  let setUpPortal: RunningPortal | undefined;
  let webPage: HostWebPage | undefined;
  let mqtt: MqttBridge | undefined;
  let plugs: NodePlugs | undefined;
  let tanks: SimulatedTanks | undefined;
  let signals: SignalsService | undefined;
  const http = httpClientFor(options);
  let victron: VictronService | undefined;
  // --gx-sim: one simulated GX for the whole run (it outlives the box's restarts, as a real one would); the house it
  // feeds is a base plus what the box's loads draw.
  const drawn = new LoadDraw();
  let gxSim: RunningGxSim | undefined;
  if (options.gxSim && options.mqttUrl !== undefined) {
    try {
      gxSim = await startGxSim({ mqttUrl: options.mqttUrl, sky: options.gxSky, clock: nodeClock, timers: nodeTimers, loadsW: () => drawn.totalW(), line: (fields) => view.line(fields) });
    } catch (error) {
      fail((error as Error).message);
    }
  }

  /** What a restart of the box does: everything stops, then boots again with what the store now holds. */
  const restart = (why: string): void => {
    tanks?.stop();
    tanks = undefined;
    mqtt?.stop();
    mqtt = undefined;
    signals?.stop();
    signals = undefined;
    victron?.stop();
    victron = undefined;
    device?.stop();
    plugs?.stop();
    if (ledTimer) clearInterval(ledTimer);
    if (pairedTimer) clearInterval(pairedTimer);
    webPage?.close();
    webPage = undefined;
    const closing = Promise.all([homekit?.close(), setUpPortal?.close()]);
    homekit = undefined;
    setUpPortal = undefined;
    void closing.then(() => boot(why));
  };

  const boot = async (reason: string): Promise<void> => {
    const stored = createCore({ store, logger, ticMode: options.ticMode, defaultLoads: DEMO_LOADS });
    // --gx-sim: the GX, ESS and surplus settings point at the simulated GX for this run, in memory only.
    const run = gxSim && options.mqttUrl !== undefined ? gxSimCore(stored, options.mqttUrl) : undefined;
    const core = run?.core ?? stored;
    if (options.meter.kind === "serial") {
      // The Linux box's line: the TIC mode's rate (auto tries both and remembers the one that worked), reopened with
      // back-off when the reader goes away; the loss and the return are one log line each.
      const line = openTicSerialLine({
        device: options.meter.device, mode: core.ticMode, remembered: readRememberedBaud(store),
        clock: nodeClock, timers: nodeTimers, logger, onBaudProven: (baud) => rememberBaud(store, baud),
      });
      // A wrong path, a busy or forbidden port at start is refused (a typo is not a reader to wait for); after a
      // restart the previous boot's port may still be closing, so the line just retries.
      if (reason === "boot") {
        try {
          await line.opened;
        } catch (error) {
          line.close();
          fail((error as Error).message);
        }
      }
      meter = line;
    } else if (options.meter.kind === "file") {
      if (!existsSync(options.meter.path)) fail(`capture file ${options.meter.path} not found: give a TIC capture, e.g. --meter file:capture.tic`);
      meter = fileSource(options.meter.path, nodeTimers, () => view.line({ type: "meter-end", file: options.meter.kind === "file" ? options.meter.path : "" }));
    } else {
      meter = simMeterSource({ mode: core.ticMode === "standard" ? "standard" : "historic", clock: nodeClock, timers: nodeTimers });
    }
    const coils: Record<string, boolean[]> = {};
    const loads: Record<string, LoadWiring> = {};
    plugs = nodePlugs(logger, http);
    for (const load of core.settings.loads) {
      // A load whose contacts are smart plugs (its `outputs` setting) is switched over the LAN; others in the array.
      const remote = plugs.wiringOf(load);
      if (remote !== undefined) {
        loads[load.id] = remote;
        continue;
      }
      coils[load.id] = new Array<boolean>(LOAD_KINDS[load.kind].contacts).fill(false);
      const outputs: DigitalOutput[] = coils[load.id].map((_, i) => ({ write: (on: boolean) => void (coils[load.id][i] = on) }));
      loads[load.id] = { kind: load.kind, outputs };
    }
    let blueLit = false;
    // A plain `npm start` runs on the host's network, so no stored Wi-Fi is fine; only a factory reset takes the
    // box back to the set-up access point, as the ESP32 does (src/device/network-mode decideNetworkMode).
    const setUpMode = reason === "factory reset" && !core.wifiCredentials();
    const system = callbackSystem((why) => {
      // On the box HomeKit shares the one flash store; host-sim keeps it in <state dir>/homekit: erase it too.
      if (why === "factory reset") factoryReset(new FileKeyValueStore(join(stateDir, "homekit")));
      view.line({ type: "restart", reason: why, into: core.wifiCredentials() || why !== "factory reset" ? "station" : "access-point" });
      restart(why);
    });
    const d = new Device({
      clock: nodeClock, timers: nodeTimers, logger, store, system, meter, loads,
      redLed: { set: () => undefined },
      blueLed: { set: (on) => void (blueLit = on) },
      createDecoder: core.createDecoder,
      createEngine: core.createEngine,
    });
    const sim = options.meter.kind === "sim" ? (meter as SimMeterSource) : undefined;
    d.onReading((reading) => view.reading(reading, nodeClock.nowMs()));
    d.subscribe((update) => {
      for (const fact of update.facts) {
        view.effect(fact, update.nowMs);
        // What the loads draw reaches the simulated meter at once, as real heaters would (same model as scenarios).
        if (fact.type === "load") {
          sim?.setLoadPower(fact.id, drawAfter(fact));
          drawn.apply(fact);
        }
      }
      for (const p of update.presentation) view.effect(p, update.nowMs);
    });
    d.start();
    // Probed water heaters and heat pumps get a simulated tank, read like a DS18B20 every 30 s.
    tanks?.stop();
    tanks = startSimulatedTanks({ device: d, loads: core.settings.loads, timers: nodeTimers });
    mqtt = startMqttFor(options, d, store, core.settings, logger);
    mqtt.attach(plugs.mqttLink); // smart plugs on MQTT share the box's session (src/plugs/mqtt-link.ts)
    const sources = new SignalsService({ http, clock: nodeClock, timers: nodeTimers, logger, device: d, settings: core.settings });
    sources.start();
    signals = sources;
    // The Victron GX and the surplus topic, as the settings say (off unless set).
    const gx = new VictronService({ device: run?.deviceForVictron(d) ?? d, network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger, settings: core.settings, clientId: `delesteur-${boxIdOf(store, nodeRandom)}` });
    gx.start();
    victron = gx;
    const snapshot = d.snapshot();
    d.setConnectivity(setUpMode ? "access-point" : "not-paired");
    device = d;
    view.line({
      type: "boot", reason, stateDir, meter: options.meter.kind === "sim" ? "sim" : options.meter.kind === "file" ? `file:${options.meter.path}` : `serial:${options.meter.device}`,
      ticMode: core.ticMode, mode: snapshot?.mode, loads: core.loads.map((l) => `${l.id}:${l.kind}`).join(","),
      mqtt: mqtt.status().enabled ? { broker: mqtt.status().broker, base: mqtt.baseTopic() } : "off",
      victron: gx.status().gx ? { broker: gx.status().gx?.link.broker, ess: gx.status().essEnabled } : "off",
      surplus: core.settings.surplusSource === "off" && !core.settings.offGrid ? "off" : { source: core.settings.offGrid ? "off-grid" : core.settings.surplusSource, loads: core.settings.surplusLoads },
    });
    ledTimer = setInterval(() => view.outputs(coils, blueLit, d.ledPattern()), 100);
    if (setUpMode) {
      // The Device keeps reading the meter and shedding while the owner sets the box up; HomeKit waits for Wi-Fi.
      const setUp = await openSetUp(options, stateDir, (line) => view.line(JSON.parse(line) as Record<string, unknown>));
      setUpPortal = setUp.portal;
      void setUp.portal.closed.then(async (closedBy) => {
        if (closedBy === "saved") {
          await setUp.restarted;
          restart("provisioned");
        } else if (closedBy === "idle") view.line({ type: "set-up", note: "portal closed after idling: the box sheds without Wi-Fi; run npm start -- --provision to set it up" });
      });
      return;
    }
    // Station mode: the box's own page (status, mode, overrides, settings) on the port the portal used.
    const bridge = mqtt;
    // The settings page shows and saves the owner's settings (--gx-sim's fields are the run's, never saved).
    webPage = await startWebFor(options, d, stored.settings, logger, view, store, () => bridge.status(), () => gx.statusIfUsed(), () => sources.statuses());
    if (webPage) view.line({ type: "web", url: webPage.url, port: webPage.server.port });
    const hk = await startHomeKitFor(options, stateDir, d, store, view);
    homekit = hk;
    view.line({ type: "homekit", port: hk.port, deviceId: hk.deviceId, paired: hk.paired(), setupCode: hk.setupCode, setupUri: hk.setupUri });
    // The blue LED follows pairing: two short flashes until Apple Home pairs, then steady.
    pairedTimer = setInterval(() => d.setConnectivity(hk.paired() ? "paired" : "not-paired"), 1000);
    d.setConnectivity(hk.paired() ? "paired" : "not-paired");
  };

  const quit = (): void => {
    tanks?.stop();
    mqtt?.stop();
    device?.energyMonitor()?.flush(); // a clean stop keeps the hour of savings estimate not yet written
    victron?.stop();
    void gxSim?.stop();
    signals?.stop();
    device?.stop();
    plugs?.stop();
    webPage?.close();
    void homekit?.close();
    view.close();
    process.exit(0);
  };
  process.on("SIGINT", quit);
  process.on("SIGTERM", quit);
  keyboardButton(() => device, quit);
  await boot("boot");
}

/** MQTT as the settings say, with --mqtt/--mqtt-prefix laid over them for this run (not saved). */
function startMqttFor(options: HostSimOptions, device: Device, store: FileKeyValueStore, settings: Settings, logger: Logger): MqttBridge {
  const bridge = new MqttBridge({
    device, network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger, settings,
    boxId: boxIdOf(store, nodeRandom),
    info: { name: "Délesteur", model: "Délesteur host-sim", swVersion: "0.1.0" },
    configOf: (s) => mqttConfigOf({
      ...s,
      ...(options.mqttUrl !== undefined ? { mqttEnabled: true, mqttUrl: options.mqttUrl, mqttUser: "", mqttPassword: "" } : {}),
      ...(options.mqttPrefix !== undefined ? { mqttDiscoveryPrefix: options.mqttPrefix } : {}),
    }),
  });
  bridge.start();
  return bridge;
}

/** HAP on a real port; its pairings live in <state dir>/homekit. The portal's code becomes a verifier, then goes. */
async function startHomeKitFor(options: HostSimOptions, stateDir: string, device: Device, store: FileKeyValueStore, view: View): Promise<HomeKitHandle> {
  const binding = new ThermostatAdapter(device);
  const pendingSetupCode = readPendingSetupCode(store);
  const print = (text: string): void => view.banner(text);
  try {
    const handle = await startHomeKit({ port: options.hapPort, bind: options.bind, stateDir, setupCode: options.setupCode, pendingSetupCode, mdns: options.mdns, binding, print, beforeStart: (server, info) => attachLoadSwitches(server, device, nodeClock, info, binding) });
    // Only the SRP salt and verifier stay at rest (DOMAIN §4): the code itself is shown once, now.
    clearPendingSetupCode(store);
    return handle;
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof SetupCodeRefused) fail(message);
    if (/EADDRINUSE/.test(message)) fail(`HomeKit port ${options.hapPort} is busy: another host-sim may be running; pick a free one with --hap-port N`);
    if (/EACCES/.test(message)) fail(`HomeKit port ${options.hapPort} needs privileges: use a port above 1024 with --hap-port N`);
    fail(`HomeKit failed to start: ${message}`);
  }
}

/** The web page on --http-port. A busy port is told, not fatal: the box still sheds and HomeKit still runs. */
async function startWebFor(
  options: HostSimOptions,
  device: Device,
  settings: Settings,
  logger: Logger,
  view: View,
  store: FileKeyValueStore,
  mqttStatus: () => MqttBridgeStatus,
  victronStatus: () => VictronStatus | undefined,
  signalsStatus: () => SourceStatus[],
): Promise<HostWebPage | undefined> {
  try {
    return await startHostWebPage({ port: options.httpPort, bind: options.bind, device, settings, logger, store, mqttStatus, victronStatus, signalsStatus });
  } catch (error) {
    const message = (error as Error).message;
    const problem = /EADDRINUSE|EACCES/.test(message) ? `web page port ${options.httpPort} busy or privileged: pick another with --http-port N` : message;
    view.line({ type: "web", error: `${problem} (running without the web page)` });
    return undefined;
  }
}

/** The Internet tariff sources' HTTP client: Node's fetch, trusting --ca FILE besides the system's roots. */
function httpClientFor(options: HostSimOptions): NodeHttpClient {
  if (options.caFile === undefined) return new NodeHttpClient();
  try {
    const pem = readFileSync(options.caFile, "utf8");
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) fail(`--ca ${options.caFile}: not a PEM certificate (no BEGIN CERTIFICATE line)`);
    return new NodeHttpClient({ extraCaPem: pem });
  } catch (error) {
    fail(`--ca ${options.caFile}: ${(error as Error).message}`);
  }
}

/** The set-up access point's portal on its ports; `restarted` resolves once the box, saved, has joined Wi-Fi. */
async function openSetUp(options: HostSimOptions, stateDir: string, out?: (line: string) => void): Promise<{ portal: RunningPortal; restarted: Promise<void> }> {
  let joined: () => void = () => undefined;
  const restarted = new Promise<void>((resolve) => (joined = resolve));
  try {
    const portal = await startPortal({ httpPort: options.httpPort, dnsPort: options.dnsPort, bind: options.bind, stateDir, out, onRestart: () => joined() });
    return { portal, restarted };
  } catch (error) {
    const message = (error as Error).message;
    if (/EADDRINUSE|EACCES/.test(message)) fail(`portal ports busy or privileged (${message}): pick others with --http-port N --dns-port N`);
    throw error;
  }
}

async function main(): Promise<void> {
  const parsed = parseOptions(process.argv.slice(2));
  if (!parsed.ok) fail(`${parsed.error}\n(run with --help for the options)`);
  const options = parsed.options;
  if (options.help) {
    process.stdout.write(HELP_TEXT + "\n\nLED patterns (blue):\n" + Object.entries(LED_PATTERNS).map(([n, p]) => `  ${n.padEnd(20)} ${p.meaning}`).join("\n") + "\n");
    return;
  }
  if (options.scenario) {
    process.exitCode = await runScenario({
      file: options.scenario,
      fast: options.fast,
      out: (line) => process.stdout.write(line + "\n"),
      err: (line) => process.stderr.write(line + "\n"),
    });
    return;
  }
  if (options.provision) {
    // The set-up access point first; once the owner saves, the box "restarts" into station mode: the live device.
    const setUp = await openSetUp(options, checkStateDir(options.stateDir));
    if ((await setUp.portal.closed) !== "saved") return;
    await setUp.restarted; // the simulated box restarts into station mode, with what the owner saved
  }
  await runLive(options);
}

main().catch((error: unknown) => fail(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1));
