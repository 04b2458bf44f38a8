// The lookup tables the firmware preloads are frozen to their leaves, as xsl needs to keep them in flash.
// Never checks the SDK: the xsl warnings themselves are read on a lin or esp32 build (README, Firmware build).
import { OUTPUT, SOCKET_LIMITS, STANDING } from "../../lib/socket-policy";
import { POLICY_RULES } from "../../src/loads/policy";
import { STGE_BITS, STGE_COLOURS } from "../../src/tic/stge";
import { DEMAIN_COLOURS, HCHP_SUPPLIER_INDEXES, PTEC_PERIODS, TEMPO_SUPPLIER_INDEXES } from "../../src/tic/tariff-sources";
import { TIC_LABELS } from "../../src/tic/labels";
import { LED_PATTERNS } from "../../src/ui/led-patterns";
import { EVENTS } from "../../src/web/events";
import { HEAT_PUMP_RECOMMENDERS } from "../../src/manager/plan";
import { TANK } from "../../src/manager/tank";
import { RULE_ORDER } from "../loads/policy-cases";
import { SOURCE_ORDER } from "../../src/signals/arbiter";
import { ECOWATT_TIMES } from "../../src/signals/schedule";
import { SIGNAL_FIELDS } from "../../src/signals/settings";
import { SIGNAL_TEXTS } from "../../src/signals/status";
import { ESS_SETTINGS, GX_READINGS, VENUS } from "../../src/victron/venus";
import { DEFAULT_ESS_POLICY } from "../../src/victron/ess-policy";
import { DEFAULT_SURPLUS_POLICY } from "../../src/surplus/router";

/** Paths of objects reachable from `value` that are not frozen. Functions are code (flash either way). */
function unfrozenPaths(value: unknown, path: string): string[] {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return [];
  const own = Object.isFrozen(value) ? [] : [path];
  return own.concat(...Object.keys(value).map((key) => unfrozenPaths((value as Record<string, unknown>)[key], `${path}.${key}`)));
}

const TABLES: Readonly<Record<string, unknown>> = Object.freeze({
  POLICY_RULES,
  STGE_BITS,
  STGE_COLOURS,
  PTEC_PERIODS,
  DEMAIN_COLOURS,
  TEMPO_SUPPLIER_INDEXES,
  HCHP_SUPPLIER_INDEXES,
  TIC_LABELS,
  LED_PATTERNS,
  SOCKET_LIMITS,
  STANDING,
  OUTPUT,
  EVENTS,
  HEAT_PUMP_RECOMMENDERS,
  TANK,
  SOURCE_ORDER,
  ECOWATT_TIMES,
  SIGNAL_FIELDS,
  SIGNAL_TEXTS,
  VENUS,
  ESS_SETTINGS,
  GX_READINGS,
  DEFAULT_ESS_POLICY,
  DEFAULT_SURPLUS_POLICY,
});

describe("preloaded tables", () => {
  it("the check finds an entry left writable inside a frozen table", () => {
    expect(unfrozenPaths(Object.freeze({ a: Object.freeze({ b: 1 }), c: { d: [2] } }), "t")).toEqual(["t.c", "t.c.d"]);
  });

  it.each(Object.keys(TABLES))("%s is frozen to its leaves", (name) => {
    expect(unfrozenPaths(TABLES[name], name)).toEqual([]);
  });

  it("freezing kept the rules and their order", () => {
    expect(POLICY_RULES.map((rule) => rule.name)).toEqual(RULE_ORDER);
  });
});
