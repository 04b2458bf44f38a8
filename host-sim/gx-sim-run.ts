// `npm start -- --mqtt URL --gx-sim`: a simulated GX on the --mqtt broker, and the box pointed at it for this run.
// The GX settings are laid over the saved ones in memory (like --mqtt over the MQTT settings): host-sim never writes
// them to the state dir. Never decides anything for the box: it only starts the simulator and says what it set.
import type { Clock, Timers } from "../hal/types";
import { Controller } from "../src/app/controller";
import type { Core } from "../src/device/core";
import { parseBrokerUrl } from "../src/mqtt/config";
import type { Settings } from "../src/settings/types";
import type { VictronParts } from "../src/victron/victron-service";
import { GxInstallation, type Sky } from "./gx-installation";
import { GxSimulator } from "./gx-sim";

/** The simulated GX's portal id (a made-up MAC, lower-case hex as Venus OS spells it); the box finds it by itself. */
export const GX_SIM_PORTAL_ID = "c0ffee15a1e5";
/** What the house draws besides the box's loads, W (lights, fridge, stand-by). */
export const GX_SIM_HOUSE_BASE_W = 500;
/** A broker answers on loopback in milliseconds; past this, host-sim says there is none rather than wait. */
export const GX_SIM_CONNECT_MS = 5_000;
/** The ESS mode is looked at this often for a line in the view (one line per change, not per look). */
const MODE_LINE_MS = 1_000;

/** Load kinds that make sense on the PV surplus when the owner named none (heaters on pilot wires do not). */
const SURPLUS_KINDS: readonly string[] = ["water-heater", "relay", "modulating"];

/**
 * The settings for a --gx-sim run: the GX on the --mqtt broker (portal id found from its serial), the ESS steered by
 * the colour, the surplus measured from the GX. The owner's surplus loads stay if set; else the first load of a kind
 * that suits the surplus. Off-grid stays as saved.
 */
export function gxSimSettings(settings: Settings, mqttUrl: string): Settings {
  let surplusLoads = settings.surplusLoads;
  if (surplusLoads === "") surplusLoads = settings.loads.find((l) => SURPLUS_KINDS.includes(l.kind))?.id ?? "";
  return { ...settings, victronUrl: mqttUrl, victronPortalId: "", essEnabled: true, surplusSource: settings.offGrid ? settings.surplusSource : "gx", surplusLoads };
}

/** The settings a --gx-sim run lays over the saved ones. */
const RUN_KEYS = Object.freeze(["victronUrl", "victronPortalId", "essEnabled", "surplusSource", "surplusLoads"] as const);
type RunFields = Pick<Settings, (typeof RUN_KEYS)[number]>;

function runFieldsOf(s: Settings): RunFields {
  return { victronUrl: s.victronUrl, victronPortalId: s.victronPortalId, essEnabled: s.essEnabled, surplusSource: s.surplusSource, surplusLoads: s.surplusLoads };
}

export interface GxSimCore {
  /** The core the Device boots: its Controller runs with the run's GX fields. */
  core: Core;
  /** The saved settings, what the settings page shows and saves. */
  owner: Settings;
  /** A device whose saved-settings facts carry the run's GX fields again (for the Victron service). */
  deviceForVictron<D extends VictronParts["device"]>(device: D): VictronParts["device"];
}

/**
 * The core for a --gx-sim run. The Controller runs with the run's GX fields (gxSimSettings) whatever the settings page
 * saves; the settings it persists carry the owner's own values for those five fields as they were at boot, so the
 * state dir never holds the run's (a change to one of them on the page during the run is not saved; every other
 * field is, as usual).
 */
export function gxSimCore(core: Core, mqttUrl: string): GxSimCore {
  const owner = core.settings;
  const ownerFields = runFieldsOf(owner);
  let current = gxSimSettings(owner, mqttUrl);
  const boot = current;
  return {
    owner,
    core: {
      ...core,
      settings: boot,
      createEngine: (persisted, nowMs) => {
        const controller = new Controller(boot, { ...persisted, settings: boot }, nowMs);
        return {
          command(event, atMs) {
            // A save from the page carries the owner's values: the run's are laid over them again (a new load table
            // may change the surplus load picked).
            const run = event.type === "settings" ? { ...event, patch: { ...event.patch, ...runFieldsOf(gxSimSettings({ ...current, ...ownerFields, ...event.patch }, mqttUrl)) } } : event;
            const outcome = controller.command(run, atMs);
            const effects = outcome.effects.map((e) => {
              if (e.type !== "persist" || e.key !== "settings") return e;
              current = e.value as Settings;
              return { ...e, value: { ...current, ...ownerFields } };
            });
            return { ...outcome, effects };
          },
          snapshot: () => controller.snapshot(),
          settings: () => controller.settings(),
        };
      },
    },
    deviceForVictron: (device) => ({
      dispatch: (event) => device.dispatch(event),
      snapshot: () => device.snapshot(),
      subscribe: (observer) =>
        device.subscribe((update) => {
          const facts = update.facts.map((f) => (f.type === "persist" && f.key === "settings" ? { ...f, value: { ...(f.value as Settings), ...runFieldsOf(current) } } : f));
          observer({ ...update, facts });
        }),
    }),
  };
}

export interface RunningGxSim {
  simulator: GxSimulator;
  installation: GxInstallation;
  stop(): Promise<void>;
}

/** Starts the simulated GX on the broker; `line` gets one JSON-able line at start and one per ESS mode change. */
export async function startGxSim(o: {
  mqttUrl: string;
  sky: Sky;
  clock: Clock;
  timers: Timers;
  /** The box's loads' draw now, W (added to the house base). */
  loadsW: () => number;
  line: (fields: Record<string, unknown>) => void;
}): Promise<RunningGxSim> {
  const parsed = parseBrokerUrl(o.mqttUrl);
  if (!parsed.ok) throw new Error(`--gx-sim: ${parsed.error}`);
  const b = parsed.broker;
  const installation = new GxInstallation({ sky: o.sky, houseW: () => GX_SIM_HOUSE_BASE_W + o.loadsW() });
  const simulator = new GxSimulator({ host: b.host, port: b.port, user: b.user, password: b.password, portalId: GX_SIM_PORTAL_ID, installation, clock: o.clock });
  let timeout: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => (timeout = setTimeout(() => resolve("late"), GX_SIM_CONNECT_MS)));
  const started = await Promise.race([simulator.start().then(() => "ok" as const, (error: Error) => error), late]);
  clearTimeout(timeout);
  if (started !== "ok") {
    await simulator.close();
    const why = started === "late" ? `no answer within ${GX_SIM_CONNECT_MS / 1000} s` : started.message;
    throw new Error(`--gx-sim: the simulated GX could not connect to ${b.host}:${b.port} (${why}): start a broker there first (Debian: apt install mosquitto)`);
  }
  o.line({ type: "gx-sim", broker: `${b.host}:${b.port}`, portalId: GX_SIM_PORTAL_ID, sky: o.sky, socPct: installation.socPct, mode: installation.mode });
  let mode = installation.mode;
  const timer = o.timers.setInterval(() => {
    if (installation.mode === mode) return;
    mode = installation.mode;
    const s = simulator.system;
    o.line({ type: "gx-sim", mode, socPct: s.get("system/0/Dc/Battery/Soc"), batteryW: s.get("system/0/Dc/Battery/Power"), gridW: s.get("system/0/Ac/Grid/L1/Power"), pvW: s.get("system/0/Dc/Pv/Power") });
  }, MODE_LINE_MS);
  return {
    simulator,
    installation,
    stop: async () => {
      o.timers.clear(timer);
      await simulator.close();
    },
  };
}
