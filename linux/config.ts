// The Linux box's config file (JSON): meter device, state dir, ports, each load's outputs, and the owner's settings.
// Never reads or writes a file: parseBoxConfig checks a text and names every bad field and why.
import { LOAD_KINDS } from "../src/loads/kinds";
import type { Settings } from "../src/app/types";
import { validateSettings } from "../src/settings/validate";
import type { TicModeSetting } from "../src/tic/types";
import { W1_DEVICES } from "../hal/node/w1-probe";

/** A load's contact: a GPIO line of the configured chip, or a remote device (a smart plug, built by src/plugs). */
export type OutputConfig = { gpio: number; activeLow: boolean } | { remote: Record<string, unknown> };

export interface BoxConfig {
  meter: { device: string; ticMode: TicModeSetting };
  /** Created 0700; holds pairings, the HomeKit identity key and the owner's state (files 0600). */
  stateDir: string;
  web: { port: number; bind: string };
  homekit: { port: number; bind: string; mdns: boolean };
  /** `dryRun`: log each gpioset command line instead of running it (trying the box on a machine without GPIO). */
  gpio: { chip: string; dryRun: boolean };
  /** Per load id, one output per contact of its kind, in the kind's order. */
  outputs: Record<string, OutputConfig[]>;
  /** The kernel's w1 devices directory (dtoverlay=w1-gpio); tests point it at a directory laid out the same way. */
  w1: { devices: string };
  /** Per load id (a water heater or a heat pump), its DS18B20 by the w1 name the kernel gives it. */
  probes: Record<string, ProbeConfig>;
  settings: Settings;
}

export interface ProbeConfig {
  /** "28-0316a2790aff": family code, dash, 12 hex digits, as `ls /sys/bus/w1/devices` lists it. */
  w1: string;
}

export interface ConfigError {
  field: string;
  message: string;
}

export type ConfigResult = { ok: true; config: BoxConfig } | { ok: false; errors: ConfigError[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const TOP_KEYS = Object.freeze(["meter", "stateDir", "web", "homekit", "gpio", "outputs", "w1", "probes", "settings"]);
/** Linux GPIO chips expose at most a few hundred lines; a larger offset is a typo. */
const GPIO_LINE_MAX = 1023;
/** The w1 name of a slave: family, dash, the 48-bit serial (drivers/w1/w1.c prints "%02x-%012llx"). */
const W1_NAME = /^[0-9a-f]{2}-[0-9a-f]{12}$/;
/** The families the kernel's w1_therm driver reads: DS18S20, DS1822, DS18B20, DS1825/MAX31850, DS28EA00. */
const W1_THERM_FAMILIES = Object.freeze(["10", "22", "28", "3b", "42"]);

class Checker {
  readonly errors: ConfigError[] = [];

  fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  section(input: Obj, key: string, keys: readonly string[], required: boolean): Obj | undefined {
    const value = input[key];
    if (value === undefined) return required ? this.fail(key, "missing") : {};
    if (!isObj(value)) return this.fail(key, "must be an object");
    for (const k of Object.keys(value)) if (!keys.includes(k)) this.fail(`${key}.${k}`, `unknown field (known: ${keys.join(", ")})`);
    return value;
  }

  string(section: Obj, field: string, key: string, fallback?: string): string {
    const value = section[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== "string" || value.length === 0) return this.fail(field, "must be a non-empty string") ?? "";
    return value;
  }

  port(section: Obj, field: string, key: string, fallback: number): number {
    const value = section[key] ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 65535) return this.fail(field, "must be a port number, 0-65535") ?? fallback;
    return value;
  }

  boolean(section: Obj, field: string, key: string, fallback: boolean): boolean {
    const value = section[key] ?? fallback;
    if (typeof value !== "boolean") return this.fail(field, "must be true or false") ?? fallback;
    return value;
  }
}

/** Parses and checks a config file's text: the config, or every bad field and why. */
export function parseBoxConfig(text: string): ConfigResult {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ field: "(file)", message: `not JSON: ${(error as Error).message}` }] };
  }
  if (!isObj(input)) return { ok: false, errors: [{ field: "(file)", message: "must be a JSON object" }] };
  const c = new Checker();
  for (const key of Object.keys(input)) if (!TOP_KEYS.includes(key)) c.fail(key, `unknown field (known: ${TOP_KEYS.join(", ")})`);

  const meter = c.section(input, "meter", ["device", "ticMode"], true) ?? {};
  const device = c.string(meter, "meter.device", "device");
  const ticMode = meter.ticMode ?? "auto";
  if (ticMode !== "auto" && ticMode !== "historic" && ticMode !== "standard") c.fail("meter.ticMode", "must be auto, historic or standard");

  const stateDir = c.string(input, "stateDir", "stateDir");
  const web = c.section(input, "web", ["port", "bind"], false) ?? {};
  const homekit = c.section(input, "homekit", ["port", "bind", "mdns"], false) ?? {};
  const gpio = c.section(input, "gpio", ["chip", "dryRun"], false) ?? {};
  const w1 = c.section(input, "w1", ["devices"], false) ?? {};

  let settings: Settings | undefined;
  const checked = validateSettings(input.settings ?? {});
  if (checked.ok) settings = checked.settings;
  else for (const e of checked.errors) c.fail(e.field === "settings" ? "settings" : `settings.${e.field}`, e.message);

  const outputs: Record<string, OutputConfig[]> = {};
  const rawOutputs = input.outputs ?? {};
  if (!isObj(rawOutputs)) c.fail("outputs", "must be an object: load id → list of outputs");
  else if (settings) {
    for (const id of Object.keys(rawOutputs)) if (!settings.loads.some((l) => l.id === id)) c.fail(`outputs.${id}`, `no load "${id}" in settings.loads`);
    for (const load of settings.loads) {
      const field = `outputs.${load.id}`;
      const list = rawOutputs[load.id];
      const contacts = LOAD_KINDS[load.kind].contacts;
      if (!Array.isArray(list)) {
        c.fail(field, `missing: load "${load.id}" (${load.kind}) needs ${contacts} output(s)`);
        continue;
      }
      if (list.length !== contacts) c.fail(field, `a ${load.kind} load has ${contacts} contact(s): give ${contacts} output(s), got ${list.length}`);
      outputs[load.id] = list.map((raw, i) => checkOutput(c, raw, `${field}[${i}]`)).filter((o): o is OutputConfig => o !== undefined);
    }
  }

  const webConfig = { port: c.port(web, "web.port", "port", 8080), bind: c.string(web, "web.bind", "bind", "0.0.0.0") };
  const homekitConfig = { port: c.port(homekit, "homekit.port", "port", 51826), bind: c.string(homekit, "homekit.bind", "bind", "0.0.0.0"), mdns: c.boolean(homekit, "homekit.mdns", "mdns", true) };
  const gpioConfig = { chip: c.string(gpio, "gpio.chip", "chip", "gpiochip0"), dryRun: c.boolean(gpio, "gpio.dryRun", "dryRun", false) };
  const w1Config = { devices: c.string(w1, "w1.devices", "devices", W1_DEVICES) };
  const probes = settings ? checkProbes(c, input.probes ?? {}, settings) : {};
  c.errors.push(...duplicateLines(outputs));
  if (c.errors.length > 0 || !settings) return { ok: false, errors: c.errors };
  return {
    ok: true,
    config: { meter: { device, ticMode: ticMode as TicModeSetting }, stateDir, web: webConfig, homekit: homekitConfig, gpio: gpioConfig, outputs, w1: w1Config, probes, settings },
  };
}

function checkOutput(c: Checker, raw: unknown, field: string): OutputConfig | undefined {
  if (!isObj(raw)) return c.fail(field, 'must be {"gpio": LINE, "activeLow": false} or {"remote": {...}}');
  if ("remote" in raw) {
    if (Object.keys(raw).length !== 1 || !isObj(raw.remote)) return c.fail(field, 'a remote output is {"remote": {...the device...}}');
    return { remote: raw.remote };
  }
  for (const k of Object.keys(raw)) if (k !== "gpio" && k !== "activeLow") c.fail(`${field}.${k}`, "unknown field (known: gpio, activeLow, or remote)");
  const line = raw.gpio;
  if (typeof line !== "number" || !Number.isInteger(line) || line < 0 || line > GPIO_LINE_MAX) return c.fail(`${field}.gpio`, `must be a line offset on the chip, 0-${GPIO_LINE_MAX}`);
  const activeLow = raw.activeLow ?? false;
  if (typeof activeLow !== "boolean") return c.fail(`${field}.activeLow`, "must be true or false");
  return { gpio: line, activeLow };
}

/**
 * Each probe on a load of the settings, named as the kernel names it (never a path: the name joins w1.devices). The
 * load's kind is not checked here: the web page may change it and write the file back, and a box must not refuse to
 * restart for that; a reading for a load without a tank is refused by the Controller and logged once (box.ts).
 */
function checkProbes(c: Checker, raw: unknown, settings: Settings): Record<string, ProbeConfig> {
  const probes: Record<string, ProbeConfig> = {};
  if (!isObj(raw)) return c.fail("probes", 'must be an object: load id → {"w1": "28-…"}') ?? probes;
  for (const id of Object.keys(raw)) {
    const field = `probes.${id}`;
    if (!settings.loads.some((l) => l.id === id)) {
      c.fail(field, `no load "${id}" in settings.loads`);
      continue;
    }
    const entry = raw[id];
    if (!isObj(entry)) {
      c.fail(field, 'must be {"w1": "28-…"}');
      continue;
    }
    for (const k of Object.keys(entry)) if (k !== "w1") c.fail(`${field}.${k}`, "unknown field (known: w1)");
    const name = entry.w1;
    if (typeof name !== "string" || !W1_NAME.test(name)) {
      c.fail(`${field}.w1`, `must be the sensor's name as ls /sys/bus/w1/devices lists it (e.g. 28-0316a2790aff), got ${JSON.stringify(name)}`);
      continue;
    }
    if (!W1_THERM_FAMILIES.includes(name.slice(0, 2))) {
      c.fail(`${field}.w1`, `family ${name.slice(0, 2)} is not a thermometer the kernel's w1_therm reads (${W1_THERM_FAMILIES.join(", ")}; a DS18B20 is 28)`);
      continue;
    }
    probes[id] = { w1: name };
  }
  return probes;
}

/** The same config with new settings, as it is written back to the file. */
export function withSettings(config: BoxConfig, settings: Settings): BoxConfig {
  return { ...config, settings };
}

/** A GPIO line given twice is a wiring mistake the box refuses (two contacts would fight over one relay). */
function duplicateLines(outputs: Record<string, OutputConfig[]>): ConfigError[] {
  const seen = new Map<number, string>();
  const errors: ConfigError[] = [];
  for (const [id, list] of Object.entries(outputs)) {
    list.forEach((output, i) => {
      if (!("gpio" in output)) return;
      const field = `outputs.${id}[${i}].gpio`;
      const other = seen.get(output.gpio);
      if (other) errors.push({ field, message: `line ${output.gpio} is already ${other}` });
      else seen.set(output.gpio, field);
    });
  }
  return errors;
}
