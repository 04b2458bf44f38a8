// Parsers of the public Tempo APIs: right day, right colour, "unknown" for anything else, never a throw.
import fc from "fast-check";
import { colourFromCommunityJson, colourFromRteJson } from "../../src/tariff/external-tomorrow";

const day = { year: 2026, month: 1, day: 16 };

describe("external tomorrow colour", () => {
  test.each([
    [{ dateJour: "2026-01-16", codeJour: 3 }, "red"],
    [{ dateJour: "2026-01-16", codeJour: 2 }, "white"],
    [{ dateJour: "2026-01-16", codeJour: 1 }, "blue"],
    [{ dateJour: "2026-01-16", codeJour: 0 }, "unknown"],
    [{ dateJour: "2026-01-15", codeJour: 3 }, "unknown"],
    [{ dateJour: "2026-01-16", codeJour: "3" }, "unknown"],
    [{ dateJour: "2026-01-16", codeJour: 4 }, "unknown"],
  ])("community %o → %s", (json, colour) => {
    expect(colourFromCommunityJson(json, day)).toBe(colour);
  });

  test("RTE: the entry starting at civil midnight of that day", () => {
    const json = {
      tempo_like_calendars: {
        start_date: "2026-01-15T00:00:00+01:00",
        end_date: "2026-01-17T00:00:00+01:00",
        values: [
          { start_date: "2026-01-16T00:00:00+01:00", end_date: "2026-01-17T00:00:00+01:00", value: "RED", updated_date: "2026-01-15T10:20:00+01:00" },
          { start_date: "2026-01-15T00:00:00+01:00", end_date: "2026-01-16T00:00:00+01:00", value: "WHITE" },
        ],
      },
    };
    expect(colourFromRteJson(json, day)).toBe("red");
    expect(colourFromRteJson(json, { year: 2026, month: 1, day: 15 })).toBe("white");
    expect(colourFromRteJson(json, { year: 2026, month: 1, day: 17 })).toBe("unknown");
  });

  test("garbage never throws", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        expect(["unknown", "blue", "white", "red"]).toContain(colourFromCommunityJson(json, day));
        expect(["unknown", "blue", "white", "red"]).toContain(colourFromRteJson(json, day));
        expect(colourFromRteJson({ tempo_like_calendars: { values: [json] } }, day)).toBe("unknown");
      }),
    );
  });
});
