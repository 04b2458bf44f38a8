// `npm run season -- [--season 2025-2026] [--home FILE] [--days N] [--from N] [--out FILE] [--json]`: replays a Tempo
// season through the real Device and prints € per colour with and without the box. Host-only entry; exit 2 on bad input.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { calendarProblems, drawCalendar, parseCalendarFile, seasonStartYear, type SeasonCalendar } from "./calendar";
import { DEFAULT_HOME, parseHome, type HomeSpec } from "./home";
import { seasonReportHtml, seasonTable } from "./report";
import { runSeason } from "./run";

const here = dirname(fileURLToPath(import.meta.url));

export interface SeasonCliOptions {
  season: string;
  homeFile?: string;
  days?: number;
  fromDay?: number;
  out?: string;
  json: boolean;
}

export function parseSeasonArgs(argv: string[]): { ok: true; options: SeasonCliOptions } | { ok: false; error: string } {
  const options: SeasonCliOptions = { season: "2025-2026", json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const needs = (): string | undefined => (value === undefined || value.startsWith("--") ? undefined : (i++, value));
    if (flag === "--json") options.json = true;
    else if (flag === "--season") {
      const v = needs();
      if (v === undefined || Number.isNaN(seasonStartYear(v))) return { ok: false, error: "--season needs a season like 2025-2026" };
      options.season = v;
    } else if (flag === "--home") {
      const v = needs();
      if (v === undefined) return { ok: false, error: "--home needs a household file" };
      options.homeFile = v;
    } else if (flag === "--days" || flag === "--from") {
      const v = needs();
      const n = v === undefined ? NaN : Number(v);
      if (!(Number.isInteger(n) && n >= (flag === "--days" ? 1 : 0) && n <= 366)) return { ok: false, error: `${flag} needs a whole number of days` };
      if (flag === "--days") options.days = n;
      else options.fromDay = n;
    } else if (flag === "--out") {
      const v = needs();
      if (v === undefined) return { ok: false, error: "--out needs a file" };
      options.out = v;
    } else return { ok: false, error: `unknown option ${flag} (see README, "Season simulator")` };
  }
  return { ok: true, options };
}

/** The shipped calendar of the season when there is one, else one drawn under the rules (said so). */
export function calendarFor(season: string): SeasonCalendar | string {
  const file = join(here, "calendars", `${season}.json`);
  if (!existsSync(file)) return drawCalendar(seasonStartYear(season), seasonStartYear(season));
  const parsed = parseCalendarFile(readFileSync(file, "utf8"));
  if (typeof parsed === "string") return `${file}: ${parsed}`;
  const problems = calendarProblems(parsed);
  return problems.length === 0 ? parsed : `${file}: ${problems.join("; ")}`;
}

export function main(argv: string[]): number {
  const args = parseSeasonArgs(argv);
  if (!args.ok) {
    process.stderr.write(`season: ${args.error}\n`);
    return 2;
  }
  const o = args.options;
  const calendar = calendarFor(o.season);
  if (typeof calendar === "string") {
    process.stderr.write(`season: ${calendar}\n`);
    return 2;
  }
  let home: HomeSpec = DEFAULT_HOME;
  if (o.homeFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(o.homeFile, "utf8");
    } catch (error) {
      process.stderr.write(`season: cannot read ${o.homeFile} (${(error as Error).message})\n`);
      return 2;
    }
    const parsed = parseHome(text);
    if (!parsed.ok) {
      for (const e of parsed.errors) process.stderr.write(`season: ${o.homeFile}: ${e}\n`);
      return 2;
    }
    home = parsed.home;
  }
  const result = runSeason({ calendar, home, days: o.days, fromDay: o.fromDay }, () => performance.now());
  const out = resolve(o.out ?? join(here, "../../build", `season-${o.season}.html`));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, seasonReportHtml(result));
  if (o.json) process.stdout.write(JSON.stringify({ ...result, report: out }) + "\n");
  else process.stdout.write(seasonTable(result).join("\n") + `\nReport: ${out}\n`);
  return 0;
}
