// Firmware entry (ESP32, Moddable SDK): opens the hal/moddable pins from the manifest config and boots the Device.
// Never holds policy: everything but pin numbers and platform objects lives in src/ and runs in host-sim too.
import config from "mc/config";
import { Device } from "./src/device/device";
import { openTicSerial } from "./hal/moddable/serial";
import { openButton, openOutput, type PinConfig } from "./hal/moddable/digital";
import { PreferenceStore } from "./hal/moddable/store";
import { moddableClock, moddableSystem, moddableTimers, traceLogger } from "./hal/moddable/platform";
import { ModdableWifi } from "./hal/moddable/wifi";
import { createCore } from "./src/device/core";
import type { LoadKind } from "./src/app/types";
import type { TicModeSetting } from "./src/tic/types";

interface FirmwareConfig {
  ticRx: number;
  ticPort: number;
  ticMode: TicModeSetting;
  button: PinConfig;
  ledRed: PinConfig;
  ledBlue: PinConfig;
  /** Each load as the settings schema wants it (id, name, kind, priority, nominalPowerW), plus its pins. */
  loads: { id: string; kind: LoadKind; pins: PinConfig[] }[];
}

const firmware = config as unknown as FirmwareConfig;

function boot(): void {
  const store = new PreferenceStore();
  const defaultLoads = firmware.loads.map(({ pins: _pins, ...load }) => load);
  const core = createCore({ store, logger: traceLogger, ticMode: firmware.ticMode, defaultLoads });
  const loads: Record<string, { kind: LoadKind; outputs: ReturnType<typeof openOutput>[] }> = {};
  // Outputs first, released: relays stay off through the whole boot (loads run as without the box).
  for (const load of firmware.loads) loads[load.id] = { kind: load.kind, outputs: load.pins.map(openOutput) };
  const device = new Device({
    clock: moddableClock,
    timers: moddableTimers,
    logger: traceLogger,
    store,
    system: moddableSystem,
    // Historic mode runs at 1200 baud, standard at 9600; "auto" starts on the stored or historic rate.
    meter: openTicSerial({ receivePin: firmware.ticRx, port: firmware.ticPort, baud: core.baud }),
    loads,
    redLed: openOutput(firmware.ledRed),
    blueLed: openOutput(firmware.ledBlue),
    button: openButton(firmware.button),
    createDecoder: core.createDecoder,
    createEngine: core.createEngine,
  });
  device.start();
  // Shedding never waits for the network: Wi-Fi starts after the Device and only feeds the LED and HomeKit.
  const wifi = new ModdableWifi();
  wifi.onLinkChange((state) => device.setConnectivity(state === "up" ? "not-paired" : state === "access-point" ? "access-point" : "wifi-lost"));
  const credentials = core.wifiCredentials();
  if (credentials) wifi.connect(credentials);
  else wifi.startAccessPoint({ ssid: "JCDELESTAGE", password: "123456789" });
  traceLogger.log("info", "délesteur booted", { loads: firmware.loads.length, ticMode: firmware.ticMode });
}

try {
  boot();
} catch (error) {
  // A fatal error at boot: say why on the console, then restart (outputs are released by the reset itself).
  traceLogger.log("error", "fatal error at boot", { error: String(error) });
  moddableSystem.restart("fatal error");
}
