// The Linux box: host-sim's composition (createCore + Device, the web page, HomeKit with real mDNS) with a real TIC
// serial line, GPIO relays, a private state dir and the config file. Never simulates Wi-Fi or opens a set-up portal.
import { nodeClock, nodeRandom, nodeTimers } from "../hal/node/clock";
import { nodeMqtt } from "../hal/node/mqtt";
import { MqttBridge, type MqttTap } from "../src/mqtt/bridge";
import { boxIdOf } from "../src/mqtt/box-id";
import { PORTAL_KEYS } from "../src/portal/settings";
import { openTicSerialLine } from "../hal/node/serial";
import { FileKeyValueStore } from "../hal/node/store";
import type { Logger } from "../hal/types";
import { startHomeKit, type HomeKitHandle } from "../host-sim/homekit";
import { startHostWebPage, type HostWebPage } from "../host-sim/web";
import type { Settings } from "../src/app/types";
import { createCore } from "../src/device/core";
import { APP_STORE_PREFIX, Device } from "../src/device/device";
import { writeJson } from "../src/device/json-store";
import { ThermostatAdapter } from "../src/device/thermostat-binding";
import { readRememberedBaud, rememberBaud } from "../src/tic/auto-baud";
import type { TicReading } from "../src/tic/types";
import { configText, writeFileAtomic } from "./config-file";
import { withSettings, type BoxConfig, type ConfigError } from "./config";
import { buildOutputs, type RemoteOutputFactory } from "./outputs";
import { preparePrivateDir, PRIVATE_UMASK } from "./state-dir";
import { startBoxProbes } from "./probes";

export interface BoxOptions {
  config: BoxConfig;
  /** The file the config came from: settings saved on the web page are written back to it. */
  configFile: string;
  logger: Logger;
  /** Remote contacts (smart plugs); without it a remote output in the config is refused. */
  remoteOutputs?: RemoteOutputFactory;
  /** The MQTT smart plugs' side of the box's MQTT session (src/plugs/mqtt-link.ts), lent to it once it starts. */
  mqttTap?: MqttTap;
  /** How often the tank probes are read (default: the poller's 30 s); tests shorten it. */
  probePeriodMs?: number;
}

export interface RunningBox {
  device: Device;
  web?: HostWebPage;
  homekit: HomeKitHandle;
  /** Every output to "box absent", then everything closed. Safe to call twice. */
  stop(): Promise<void>;
  /** For exit paths where no promise will run: outputs released synchronously. */
  releaseOutputsSync(): void;
}

export class BoxRefused extends Error {
  constructor(readonly errors: ConfigError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join("; "));
  }
}

export async function startBox(options: BoxOptions): Promise<RunningBox> {
  const { logger, configFile } = options;
  let config = options.config;
  process.umask(PRIVATE_UMASK);
  let narrowed: string[];
  try {
    narrowed = preparePrivateDir(config.stateDir).narrowed;
  } catch (error) {
    throw new BoxRefused([{ field: "stateDir", message: `${config.stateDir} cannot be made a private writable directory (${(error as Error).message})` }]);
  }
  if (narrowed.length > 0) logger.log("warn", `state dir: narrowed permissions of ${narrowed.length} path(s) to owner-only`, { stateDir: config.stateDir });

  const built = buildOutputs(config, { clock: nodeClock, timers: nodeTimers, logger, remote: options.remoteOutputs });
  if (!built.ok) throw new BoxRefused(built.errors);
  const outputs = built.outputs;

  const store = new FileKeyValueStore(config.stateDir);
  // The file is the owner's source of truth: its settings replace whatever the state dir held, and a TIC mode a
  // set-up portal once stored there (a state dir host-sim used) must not override meter.ticMode.
  writeJson(store, APP_STORE_PREFIX + "settings", config.settings);
  store.delete(PORTAL_KEYS.ticMode);
  const core = createCore({ store, logger, ticMode: config.meter.ticMode, defaultSettings: config.settings });
  const meter = openTicSerialLine({
    device: config.meter.device, mode: config.meter.ticMode, remembered: readRememberedBaud(store),
    clock: nodeClock, timers: nodeTimers, logger, onBaudProven: (baud) => rememberBaud(store, baud),
  });
  const device = new Device({
    clock: nodeClock, timers: nodeTimers, logger, store, meter, loads: outputs.loads,
    // A restart of the box is a restart of the service: outputs released, exit non-zero, systemd starts it again.
    system: { restart: (reason) => fatal(`restart asked (${reason})`) },
    redLed: { set: () => undefined },
    blueLed: { set: () => undefined },
    createDecoder: core.createDecoder,
    createEngine: core.createEngine,
  });
  const fatal = (why: string): void => {
    logger.log("error", `stopping: ${why}; every output released`);
    outputs.releaseAll();
    process.exit(1);
  };

  device.onReading(meterLog(logger));
  device.subscribe((update) => {
    for (const fact of update.facts) {
      if (fact.type === "load") logger.log("info", `load ${fact.id}: ${fact.on ? "on" : "off"} (${fact.level}, ${fact.reason}${fact.detail ? `: ${fact.detail}` : ""})`);
      else if (fact.type === "fault") logger.log(fact.active ? "warn" : "info", `${fact.fault} ${fact.active ? "raised" : "cleared"}: ${fact.detail}`);
      else if (fact.type === "mode") logger.log("info", `mode ${fact.mode} (${fact.reason})`);
      else if (fact.type === "tariff") logger.log("info", `tariff: ${fact.colour} ${fact.period}, tomorrow ${fact.tomorrow} (${fact.source})`);
      else if (fact.type === "persist" && fact.key === "settings") {
        config = withSettings(config, fact.value as Settings);
        try {
          writeFileAtomic(configFile, configText(config));
          logger.log("info", `settings saved to ${configFile}`);
        } catch (error) {
          logger.log("error", `settings not written to ${configFile}: ${(error as Error).message} (kept in the state dir)`);
        }
      }
    }
  });
  device.start();
  // The tank probes (config.probes) through the kernel's w1 files, every 30 s; none configured, none read.
  const stopProbes = startBoxProbes({ config, device, logger, timers: nodeTimers, periodMs: options.probePeriodMs });
  // MQTT / Home Assistant as the settings say (off until the owner sets a broker on the settings page).
  const mqtt = new MqttBridge({
    device, network: nodeMqtt, timers: nodeTimers, clock: nodeClock, logger, settings: core.settings,
    boxId: boxIdOf(store, nodeRandom),
    info: { name: "Délesteur", model: "Délesteur Linux box", swVersion: "0.1.0" },
  });
  mqtt.start();
  if (options.mqttTap) mqtt.attach(options.mqttTap);
  // No Wi-Fi to report: the OS owns the network. The LED state only matters for HomeKit's "paired" view.
  device.setConnectivity("not-paired");
  let web: HostWebPage | undefined;
  try {
    web = await startHostWebPage({ port: config.web.port, bind: config.web.bind, device, settings: core.settings, logger, store, mqttStatus: () => mqtt.status() });
    logger.log("info", `web page on ${web.url}`, { port: web.server.port });
  } catch (error) {
    logger.log("error", `web page not started on port ${config.web.port}: ${(error as Error).message} (the box sheds without it)`);
  }
  let homekit: HomeKitHandle;
  try {
    homekit = await startHomeKit({
      port: config.homekit.port, bind: config.homekit.bind, stateDir: config.stateDir, mdns: config.homekit.mdns,
      binding: new ThermostatAdapter(device), logger,
      // The setup code and QR code are printed once, for `journalctl -u delesteur -o cat`.
      print: (text) => {
        for (const line of text.split("\n")) if (line.trim() !== "") logger.log("info", line);
      },
    });
  } catch (error) {
    // The box does not run without HomeKit (a busy port, an unwritable state dir): nothing may stay switched.
    stopProbes();
    mqtt.stop();
    device.stop();
    outputs.releaseAll();
    web?.close();
    // Exit 1, not 2: a port still held by the previous run frees itself, and systemd retries.
    throw new Error(`HomeKit did not start (every output released): ${(error as Error).message}`);
  }
  const pairedTimer = setInterval(() => device.setConnectivity(homekit.paired() ? "paired" : "not-paired"), 1000);
  logger.log("info", "délesteur box started", {
    config: configFile, meter: config.meter.device, ticMode: config.meter.ticMode, stateDir: config.stateDir,
    loads: config.settings.loads.map((l) => `${l.id}:${l.kind}`).join(",") || "none",
  });

  let stopped: Promise<void> | undefined;
  return {
    device, web, homekit,
    releaseOutputsSync: () => outputs.releaseAll(),
    stop: () => {
      stopped ??= (async () => {
        clearInterval(pairedTimer);
        stopProbes();
        mqtt.stop();
        device.stop();
        outputs.releaseAll();
        web?.close();
        await homekit.close();
      })();
      return stopped;
    },
  };
}

/** The meter in the log: each frame at debug (--verbose), and at info the first frame and each change of tariff state. */
function meterLog(logger: Logger): (reading: TicReading) => void {
  let last = "";
  return (reading) => {
    const summary = `${reading.mode} ${reading.contract} ${reading.current.period}/${reading.current.colour} tomorrow ${reading.tomorrow.colour}`;
    logger.log(summary === last ? "debug" : "info", `meter: ${summary}`, { powerVA: reading.apparentPowerVA });
    last = summary;
  };
}
