// The poll schedule as a table of local times (shared with the XS lane).
import { SCHEDULE_CASES, runScheduleCase } from "./schedule-cases";

test.each(SCHEDULE_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  expect(runScheduleCase(c)).toEqual([]);
});
