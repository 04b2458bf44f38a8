// The ESS policy and the applier as tables of cases, run by jest and on XS (test/xs/victron.xs.ts).
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { EssApplier } from "../../src/victron/ess-applier";
import { DEFAULT_ESS_POLICY, essPlan, essPolicyProblems, type EssPolicyColour } from "../../src/victron/ess-policy";
import type { ColourOrUnknown } from "../../src/tariff/tariff-tracker";

interface PlanCase {
  name: string;
  at: string;
  today: ColourOrUnknown;
  tomorrow: ColourOrUnknown;
  day: EssPolicyColour;
  night: EssPolicyColour | null;
  /** Expected values by path (slot 0); a path not listed must be absent when `night` is null. */
  values: Record<string, number>;
}

export const PLAN_CASES: readonly PlanCase[] = [
  {
    name: "blue day, blue tomorrow: 80 % charge, floor 30, BatteryLife on",
    at: "2026-01-14T13:00:00+01:00",
    today: "blue",
    tomorrow: "blue",
    day: "blue",
    night: "blue",
    values: { "BatteryLife/MinimumSocLimit": 30, "BatteryLife/State": 1, "BatteryLife/Schedule/Charge/0/Soc": 80, "BatteryLife/Schedule/Charge/0/AllowDischarge": 1 },
  },
  {
    name: "white tomorrow: 90 %, no discharge in the slot",
    at: "2026-01-14T13:00:00+01:00",
    today: "blue",
    tomorrow: "white",
    day: "blue",
    night: "white",
    values: { "BatteryLife/Schedule/Charge/0/Soc": 90, "BatteryLife/Schedule/Charge/0/AllowDischarge": 0 },
  },
  {
    name: "red day: floor 25, BatteryLife off (10)",
    at: "2026-01-15T06:00:00+01:00",
    today: "red",
    tomorrow: "unknown",
    day: "red",
    night: null,
    values: { "BatteryLife/MinimumSocLimit": 25, "BatteryLife/State": 10 },
  },
  {
    name: "tomorrow unknown at 20:59: the slot waits",
    at: "2026-01-14T20:59:00+01:00",
    today: "blue",
    tomorrow: "unknown",
    day: "blue",
    night: null,
    values: {},
  },
  {
    name: "tomorrow unknown at 21:00: the unknown row (as white) prepares the night",
    at: "2026-01-14T21:00:00+01:00",
    today: "blue",
    tomorrow: "unknown",
    day: "blue",
    night: "unknown",
    values: { "BatteryLife/Schedule/Charge/0/Soc": 90, "BatteryLife/Schedule/Charge/0/Start": 79_200, "BatteryLife/Schedule/Charge/0/Duration": 28_800 },
  },
  {
    name: "today unknown: the unknown row holds the day (summer time, 03:00 in HC: still the night's rules)",
    at: "2026-07-14T03:00:00+02:00",
    today: "unknown",
    tomorrow: "unknown",
    day: "unknown",
    night: "unknown",
    values: { "BatteryLife/MinimumSocLimit": 30, "BatteryLife/State": 1 },
  },
];

export function runPlanCase(c: PlanCase): string[] {
  const failures: string[] = [];
  const plan = essPlan({ table: DEFAULT_ESS_POLICY, today: c.today, tomorrow: c.tomorrow, slot: 0, nowMs: parseIsoWithOffset(c.at) });
  if (plan.dayColour !== c.day) failures.push(`day colour ${plan.dayColour}, expected ${c.day}`);
  if (plan.nightColour !== c.night) failures.push(`night colour ${String(plan.nightColour)}, expected ${String(c.night)}`);
  const got: Record<string, number> = {};
  for (const t of plan.targets) got[t.path] = t.value;
  for (const path in c.values) if (got[path] !== c.values[path]) failures.push(`${path}: ${got[path]}, expected ${c.values[path]}`);
  if (c.night === null && plan.targets.some((t) => t.path.includes("Schedule"))) failures.push("a schedule value planned while the night waits");
  if (plan.problems.length > 0) failures.push(`problems: ${plan.problems.join("; ")}`);
  return failures;
}

/** Applier checks: each returns its failures. */
export const APPLIER_CHECKS: readonly { name: string; run(): string[] }[] = [
  {
    name: "an equal value is read, never written",
    run() {
      const a = new EssApplier({ confirmMs: 100, attempts: 3, retryAfterMs: 1000 });
      a.plan([{ path: "BatteryLife/MinimumSocLimit", value: 30, accept: "exact" }], 0);
      const first = a.step(0, true);
      a.onValue("BatteryLife/MinimumSocLimit", 30);
      const later = a.step(500, true);
      const f: string[] = [];
      if (JSON.stringify(first) !== JSON.stringify([{ kind: "read", path: "BatteryLife/MinimumSocLimit" }])) f.push(`first step ${JSON.stringify(first)}`);
      if (later.length !== 0) f.push(`later step ${JSON.stringify(later)}`);
      if (!a.done()) f.push("not done");
      return f;
    },
  },
  {
    name: "a read answered with another value is written at the next step, not after the read's wait",
    run() {
      const a = new EssApplier({ confirmMs: 5000, attempts: 3, retryAfterMs: 1000 });
      a.plan([{ path: "BatteryLife/MinimumSocLimit", value: 25, accept: "exact" }], 0);
      a.step(0, true);
      a.onValue("BatteryLife/MinimumSocLimit", 30);
      const next = a.step(1000, true);
      return JSON.stringify(next) === JSON.stringify([{ kind: "write", path: "BatteryLife/MinimumSocLimit", value: 25 }, { kind: "read", path: "BatteryLife/MinimumSocLimit" }]) ? [] : [`step ${JSON.stringify(next)}`];
    },
  },
  {
    name: "a refused write: three writes, failed with the numbers, retried after the wait",
    run() {
      const a = new EssApplier({ confirmMs: 100, attempts: 3, retryAfterMs: 1000 });
      a.plan([{ path: "BatteryLife/Schedule/Charge/0/Soc", value: 100, accept: "exact" }], 0);
      let writes = 0;
      for (let t = 0; t <= 600; t += 50) {
        for (const x of a.step(t, true)) if (x.kind === "write") writes++;
        a.onValue("BatteryLife/Schedule/Charge/0/Soc", 80);
      }
      const f: string[] = [];
      if (writes !== 3) f.push(`${writes} writes`);
      const e = a.view()[0];
      if (e.state !== "failed" || e.problem !== "wrote 100 3 times, read back 80") f.push(`entry ${JSON.stringify(e)}`);
      if (a.drainReports().filter((r) => r.level === "warn").length !== 1) f.push("no single warning");
      if (a.step(1200, true).length !== 0) f.push("retried before the wait");
      if (!a.step(1700, true).some((x) => x.kind === "write")) f.push("not retried after the wait");
      return f;
    },
  },
  {
    name: "out of range: never written, whatever the plan",
    run() {
      const a = new EssApplier();
      a.plan([{ path: "BatteryLife/MinimumSocLimit", value: 101, accept: "exact" }, { path: "BatteryLife/Schedule/Charge/7/Soc", value: 50, accept: "exact" }], 0);
      const sent: string[] = [];
      for (let t = 0; t < 60_000; t += 1000) for (const x of a.step(t, true)) sent.push(`${x.kind} ${x.path}`);
      const states = a.view().map((e) => e.state).join(",");
      return sent.length === 0 && states === "invalid,invalid" ? [] : [`sent ${sent.join("; ")}; states ${states}`];
    },
  },
  {
    name: "BatteryLife read back in its own states: 1 written, 2–8 accepted; 10 written, 11 accepted",
    run() {
      const a = new EssApplier({ confirmMs: 100, attempts: 3, retryAfterMs: 1000 });
      a.plan([{ path: "BatteryLife/State", value: 1, accept: "batterylife-on" }], 0);
      a.step(0, true);
      a.onValue("BatteryLife/State", 5);
      const f: string[] = a.done() ? [] : ["5 not accepted as on"];
      a.plan([{ path: "BatteryLife/State", value: 10, accept: "batterylife-off" }], 10);
      a.step(200, true);
      a.onValue("BatteryLife/State", 11);
      if (!a.done()) f.push("11 not accepted as off");
      a.onValue("BatteryLife/State", 9);
      if (a.done()) f.push("9 (keep charged) accepted as off");
      return f;
    },
  },
  {
    name: "the default policy table passes its own checks; a window past 06:00 does not",
    run() {
      const f = essPolicyProblems(DEFAULT_ESS_POLICY).map((p) => `default: ${p}`);
      const late = { ...DEFAULT_ESS_POLICY, blue: { ...DEFAULT_ESS_POLICY.blue, chargeStartMin: 23 * 60, chargeDurationMin: 8 * 60 } };
      const got = essPolicyProblems(late).join("; ");
      if (got !== "blue.chargeDurationMin: must end by 06:00 (1–420 min), got 480") f.push(`late window: ${got}`);
      return f;
    },
  },
];
