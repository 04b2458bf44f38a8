// XS entry of bench/season.ts, run by the xsnap command-line runner: one week of the season simulator (the real core
// on XS: decoder, Controller, energy monitor) in the coldest week of the drawn 2025-2026 calendar. Prints one JSON line.
import { drawCalendar } from "../../host-sim/season/calendar";
import { DEFAULT_HOME } from "../../host-sim/season/home";
import { runSeason } from "../../host-sim/season/run";

declare const print: (text: string) => void;
declare const performance: { now(): number };

export const WEEK_FROM_DAY = 131; // 10 January 2026: red, white and blue days
const result = runSeason({ calendar: drawCalendar(2025, 2025), home: DEFAULT_HOME, fromDay: WEEK_FROM_DAY, days: 7 }, () => performance.now());
print(JSON.stringify({ elapsedMs: result.elapsedMs, minutes: result.minutes, frames: result.frames, whBox: result.boxView.periods.season.totalWh }));
