// The core a shell boots: TIC decoder and Controller factories, settings and stored set-up read from the store.
// Never touches a platform module: main.ts and host-sim/main.ts both call createCore with their own store.
import type { KeyValueStore, Logger } from "../../hal/types";
import type { LoadKind, PersistedState, Settings } from "../app/types";
import { Controller } from "../app/controller";
import { MAX_LOADS } from "../settings/table";
import { defaultSettings, validateSettings, withinLoadBound } from "../settings/validate";
import { TicDecoder } from "../tic/decoder";
import type { TicDecoderEvents, TicModeSetting } from "../tic/types";
import { PORTAL_KEYS, readPortalView, readStationCredentials, applyPendingMqtt } from "../portal/settings";
import type { Engine, MeterDecoder } from "./device";
import { APP_STORE_PREFIX } from "./device";
import { readJson } from "./json-store";

export interface CoreOptions {
  store: KeyValueStore;
  logger: Logger;
  /** The build's default; the mode saved from the set-up portal wins. */
  ticMode: TicModeSetting;
  /** Loads wired on this board (manifest config), used until the owner saves settings. */
  defaultLoads?: readonly unknown[];
  /** Whole default settings (a scenario's); `defaultLoads` then is not used. */
  defaultSettings?: Settings;
}

export interface Core {
  ticMode: TicModeSetting;
  /** UART rate for the mode: historic 1200, standard 9600 (auto starts on historic, the commoner one). */
  baud: number;
  settings: Settings;
  loads: { id: string; kind: LoadKind }[];
  createDecoder(events: TicDecoderEvents): MeterDecoder;
  createEngine(persisted: PersistedState, nowMs: number): Engine;
  wifiCredentials(): { ssid: string; password: string } | undefined;
}

export function createCore(options: CoreOptions): Core {
  const { store, logger } = options;
  const storedMode = store.get(PORTAL_KEYS.ticMode) !== undefined ? readPortalView(store).ticMode : undefined;
  const ticMode: TicModeSetting = storedMode ?? options.ticMode;
  // MQTT fields typed in the set-up portal join the settings once, here (the portal never sees the load table).
  const settings = applyPendingMqtt(store, storedSettings(store, logger, options.defaultSettings ?? { ...defaultSettings(), loads: options.defaultLoads ?? [] }), logger);
  return {
    ticMode,
    baud: ticMode === "standard" ? 9600 : 1200,
    settings,
    loads: settings.loads.map((load) => ({ id: load.id, kind: load.kind })),
    createDecoder: (events) => new TicDecoder({ mode: ticMode, ...events }),
    createEngine: (persisted, nowMs) => new Controller(settings, { ...persisted, settings }, nowMs),
    wifiCredentials: () => readStationCredentials(store),
  };
}

/** Stored settings when they validate, else the defaults (reported: a bad record never stops the box). */
function storedSettings(store: KeyValueStore, logger: Logger, board: unknown): Settings {
  const { value, error } = readJson(store, APP_STORE_PREFIX + "settings");
  if (error) logger.log("warn", "stored settings unreadable; using defaults", { error });
  if (value !== undefined) {
    const fitted = withinLoadBound(value);
    if (fitted.dropped.length > 0) logger.log("warn", `stored settings hold more than ${MAX_LOADS} loads; the others are dropped`, { dropped: fitted.dropped.join(", ") });
    const result = validateSettings(fitted.value);
    if (result.ok) return result.settings;
    logger.log("warn", "stored settings invalid; using defaults", { errors: describe(result.errors) });
  }
  const checked = validateSettings(board);
  if (checked.ok) return checked.settings;
  logger.log("error", "the board's load table is invalid; running without loads", { errors: describe(checked.errors) });
  return defaultSettings();
}

function describe(errors: { field: string; message: string }[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join("; ");
}
