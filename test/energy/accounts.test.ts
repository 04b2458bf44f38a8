// Energy accounting on the real captures in ../shared/fixtures/tic and on scenarios (shared with the XS lane).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { energyCases } from "./accounts-cases";

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(__dirname, "../../../shared/fixtures/tic", name)));

describe("energy accounts (shared cases, also run on XS)", () => {
  const cases = energyCases({
    historicRed: fixture("hist-tempo-3ph-hpjr-hcjr-demain-roug.tic"),
    standardWhite: fixture("std-tempo-3ph-hc-blanc-frame.tic"),
    historicHc: fixture("hist-hc-1ph-two-frames.tic"),
  });
  for (const c of cases) {
    test(c.name, () => {
      const { actual, expected } = c.run();
      expect(actual).toEqual(expected);
    });
  }
});
