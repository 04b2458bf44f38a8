// Parsers of RTE's and the keyless sources' JSON, and the arbiter weighing them against the meter (shared cases),
// then random input: the parsers never throw.
import fc from "fast-check";
import { parseEcowatt, parseJourTempo, parseRteCalendar, parseRteToken, parseTempoLight } from "../../src/signals/parsers";
import { SIGNAL_CASES } from "./signal-cases";

test.each(SIGNAL_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  expect(c.run()).toEqual([]);
});

test("no parser throws on any JSON value, and each says ok or why not", () => {
  const parsers = [parseEcowatt, parseJourTempo, parseRteCalendar, parseRteToken, parseTempoLight];
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 5 }), (json) => {
      for (const parse of parsers) {
        const r = parse(json);
        expect(r.ok || typeof (r as { error: unknown }).error === "string").toBe(true);
      }
    }),
    { numRuns: 500 },
  );
});

test("a bad start_date or jour that is an object with a broken toString is an error, not a throw (found by fast-check)", () => {
  const broken = [[{ toString: "" }]];
  expect(parseRteCalendar({ tempo_like_calendars: { values: [{ start_date: broken, value: "RED" }] } })).toEqual({ ok: false, error: "bad start_date (array)" });
  expect(parseEcowatt({ signals: [{ jour: { toString: 1 }, dvalue: 2, values: [] }] })).toEqual({ ok: false, error: "bad jour (object)" });
});

test("no parser throws on the real shapes with any field replaced", () => {
  const rte = (value: unknown) => ({ tempo_like_calendars: { values: [{ start_date: value, value }] } });
  const eco = (value: unknown) => ({ signals: [{ jour: "2026-12-02T00:00:00+01:00", dvalue: 2, values: [{ pas: value, hvalue: value }] }] });
  fc.assert(
    fc.property(fc.anything(), (value) => {
      parseRteCalendar(rte(value));
      parseEcowatt(eco(value));
      parseTempoLight({ values: { "2026-12-01": value } });
      parseJourTempo({ dateJour: value, codeJour: value });
    }),
    { numRuns: 500 },
  );
});
