// A load kind the build does not know ("pool-pump"), defined here and passed in: validated, shed, budgeted and
// driven with no change in the reducer. Shared by jest and the XS lane; Node-free (imports only src/ and readings).

import { Controller } from "../../src/app/controller";
import type { ControllerEvent, Effect, Settings } from "../../src/app/types";
import { LOAD_KINDS, safeContacts, type Drive, type LoadKinds, type LoadKindSpec } from "../../src/loads/kinds";
import type { LoadConfig, LoadLevel } from "../../src/loads/types";
import { frozenFields } from "../../src/settings/field";
import { loadFieldsOf, validateSettings } from "../../src/settings/validate";
import { parseIsoWithOffset as at } from "../../src/tariff/local-time";
import { reading, type ReadingSpec } from "../app/readings";

/** What the pool pump's driver was asked, call by call. */
export interface DriveCall {
  id: string;
  filtrationHours: unknown;
  level: LoadLevel;
  contacts: readonly boolean[];
}

/** One contact: energised stops the pump (fail-safe like a relay); its own field says how long it filters a day. */
export function poolPumpKind(calls: DriveCall[] = []): LoadKindSpec {
  return {
    contacts: 1,
    modulating: false,
    fields: frozenFields([
      {
        key: "filtrationHours",
        type: "integer",
        unit: "h",
        min: 1,
        max: 24,
        default: 8,
        label: { fr: "Heures de filtration", en: "Filtration hours" },
        help: { fr: "Par jour", en: "Per day" },
      },
    ]),
    drive(config: LoadConfig, level: LoadLevel): Drive {
      const drive: Drive = level === "off" ? { order: "arret", contacts: [true] } : { contacts: [false] };
      calls.push({ id: config.id, filtrationHours: (config as unknown as Record<string, unknown>).filtrationHours, level, contacts: drive.contacts });
      return drive;
    },
  };
}

export function withPoolPump(calls: DriveCall[] = []): LoadKinds {
  return { ...LOAD_KINDS, "pool-pump": poolPumpKind(calls) };
}

export interface NewKindCheck {
  name: string;
  /** Failures, empty when it passes. */
  run(): string[];
}

const frame = (spec: ReadingSpec): ControllerEvent => ({ type: "tic-frame", reading: reading(spec) });
const show = (v: unknown): string => JSON.stringify(v);

function expectEqual(failures: string[], what: string, actual: unknown, expected: unknown): void {
  if (show(actual) !== show(expected)) failures.push(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function loadFacts(fx: Effect[], id: string): Record<string, unknown>[] {
  return fx.filter((e) => e.type === "load" && e.id === id) as unknown as Record<string, unknown>[];
}

const HEATER = { id: "living", kind: "fil-pilote-1", priority: 2, nominalPowerW: 2000 };
const POOL = { id: "pool", name: "Pool pump", kind: "pool-pump", priority: 4, nominalPowerW: 1500, filtrationHours: 10 };

function settingsWith(kinds: LoadKinds, extra: Record<string, unknown>): Settings {
  const r = validateSettings({ loads: [HEATER, POOL], ...extra }, kinds);
  if (!r.ok) throw new Error(`settings refused: ${show(r.errors)}`);
  return r.settings;
}

export const NEW_KIND_CHECKS: NewKindCheck[] = [
  {
    name: "validated with its own field: default, range error, not allowed on another kind",
    run() {
      const f: string[] = [];
      const kinds = withPoolPump();
      const ok = validateSettings({ loads: [{ id: "pool", kind: "pool-pump", nominalPowerW: 1500 }] }, kinds);
      if (!ok.ok) return [`a pool pump with defaults is refused: ${show(ok.errors)}`];
      expectEqual(f, "default filtrationHours", (ok.settings.loads[0] as unknown as Record<string, unknown>).filtrationHours, 8);
      expectEqual(f, "kind kept", ok.settings.loads[0].kind, "pool-pump");
      const keys = loadFieldsOf("pool-pump", kinds).map((r) => r.key);
      expectEqual(f, "its fields are the common ones then its own", keys[keys.length - 1], "filtrationHours");
      const tooLong = validateSettings({ loads: [{ ...POOL, filtrationHours: 30 }] }, kinds);
      expectEqual(f, "range error", tooLong.ok ? [] : tooLong.errors, [{ field: "loads[0].filtrationHours", message: "must be between 1 and 24, got 30" }]);
      const notInt = validateSettings({ loads: [{ ...POOL, filtrationHours: "ten" }] }, kinds);
      expectEqual(f, "type error", notInt.ok ? [] : notInt.errors, [{ field: "loads[0].filtrationHours", message: 'must be an integer, got "ten"' }]);
      const onRelay = validateSettings({ loads: [{ id: "r", kind: "relay", nominalPowerW: 100, filtrationHours: 8 }] }, kinds);
      expectEqual(f, "its field on a relay", onRelay.ok ? [] : onRelay.errors, [{ field: "loads[0].filtrationHours", message: "unknown load field" }]);
      return f;
    },
  },
  {
    name: "an unknown kind is still refused without the extra entry (and the built-in table is untouched)",
    run() {
      const f: string[] = [];
      const r = validateSettings({ loads: [{ id: "pool", kind: "pool-pump", nominalPowerW: 1500 }] });
      if (r.ok) return ["a pool pump validated against the built-in kinds"];
      const kindError = r.errors.find((e) => e.field === "loads[0].kind");
      if (!kindError) f.push(`no kind error in ${show(r.errors)}`);
      else if (kindError.message.indexOf('got "pool-pump"') < 0 || kindError.message.indexOf("relay") < 0) f.push(`kind error says ${kindError.message}`);
      expectEqual(f, "LOAD_KINDS has no pool-pump", Object.keys(LOAD_KINDS).indexOf("pool-pump"), -1);
      // Saved settings with a pool pump: a Controller that does not know the kind falls back to the given ones.
      const saved = settingsWith(withPoolPump(), {});
      const plain = validateSettings({ loads: [HEATER] });
      if (!plain.ok) return [`plain settings refused: ${show(plain.errors)}`];
      const t0 = at("2026-01-13T14:00:00+01:00");
      const without = new Controller(plain.settings, { settings: saved }, t0);
      expectEqual(f, "loads without the kind", without.settings().loads.map((l) => l.id), ["living"]);
      const withKind = new Controller(plain.settings, { settings: saved }, t0, { kinds: withPoolPump() });
      expectEqual(f, "loads with the kind", withKind.settings().loads.map((l) => l.id), ["living", "pool"]);
      return f;
    },
  },
  {
    name: "shed on a red peak through its own driver (order in the fact, contact energised), back at 22:00",
    run() {
      const f: string[] = [];
      const calls: DriveCall[] = [];
      const kinds = withPoolPump(calls);
      const t0 = at("2026-01-15T09:00:00+01:00");
      const c = new Controller(settingsWith(kinds, {}), undefined, t0, { kinds });
      const fx = c.dispatch(frame({ colour: "red", period: "hp", powerVA: 800 }), t0);
      const pool = loadFacts(fx, "pool");
      expectEqual(f, "red-peak facts for the pool pump", pool.map((e) => [e.on, e.level, e.reason, e.order, e.allocatedW]), [[false, "off", "red_peak", "arret", 0]]);
      const last = calls.filter((x) => x.id === "pool").pop();
      expectEqual(f, "its driver was asked for off with its own config", last, { id: "pool", filtrationHours: 10, level: "off", contacts: [true] });
      expectEqual(f, "boot contacts of the kind", safeContacts(kinds, "pool-pump"), [false]);
      const snap = c.snapshot().loads.find((l) => l.id === "pool");
      expectEqual(f, "snapshot", snap && [snap.kind, snap.on, snap.reason, snap.order], ["pool-pump", false, "red_peak", "arret"]);
      const night = c.dispatch({ type: "tick" }, at("2026-01-15T22:00:00+01:00"));
      const back = loadFacts(night, "pool");
      expectEqual(f, "back at 22:00", back.map((e) => [e.on, e.level, e.reason, e.order, e.allocatedW]), [[true, "normal", "normal", undefined, 1500]]);
      expectEqual(f, "driver asked for normal", calls[calls.length - 1], { id: "pool", filtrationHours: 10, level: "normal", contacts: [false] });
      return f;
    },
  },
  {
    name: "budgeted: waits when it does not fit, runs when the owner gives more power (a patch validated with its kind)",
    run() {
      const f: string[] = [];
      const kinds = withPoolPump();
      const t0 = at("2026-01-13T14:00:00+01:00"); // a blue day, peak hours
      const c = new Controller(settingsWith(kinds, { availablePowerW: 3000 }), undefined, t0, { kinds });
      // 500 W of other use: 2500 W left, the heater (2000 W, priority 2) fits, the pump (1500 W, priority 4) does not.
      const fx = c.dispatch(frame({ colour: "blue", period: "hp", powerVA: 500 }), t0);
      expectEqual(f, "pump cut by the budget", loadFacts(fx, "pool").map((e) => [e.on, e.reason, e.order]), [[false, "budget", "arret"]]);
      const numbers = (loadFacts(fx, "pool")[0]?.numbers ?? {}) as Record<string, unknown>;
      expectEqual(f, "budget numbers", [numbers.requestedW, numbers.totalW, numbers.baseW], [1500, 3000, 500]);
      expectEqual(f, "heater runs", loadFacts(fx, "living").map((e) => [e.on, e.reason]), [[true, "normal"]]);
      c.dispatch(frame({ colour: "blue", period: "hp", powerVA: 2500 }), t0 + 30_000);
      const patch = c.command({ type: "settings", patch: { availablePowerW: 5000 } }, t0 + 61_000);
      if (patch.refused !== undefined) f.push(`patch refused: ${patch.refused}`);
      expectEqual(f, "pump runs once it fits", loadFacts(patch.effects, "pool").map((e) => [e.on, e.reason, e.allocatedW]), [[true, "normal", 1500]]);
      return f;
    },
  },
];
