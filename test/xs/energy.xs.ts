// XS lane: energy accounting (real captures, deltas, reset, 06:00, restart, savings week) and the history rings on the
// real XS engine, through the same cases jest runs (test/energy/accounts-cases.ts).
import historicRed from "fixture:tic/hist-tempo-3ph-hpjr-hcjr-demain-roug.tic";
import historicHc from "fixture:tic/hist-hc-1ph-two-frames.tic";
import standardWhite from "fixture:tic/std-tempo-3ph-hc-blanc-frame.tic";
import { energyCases } from "../energy/accounts-cases";
import { assertEqual, run, test } from "./harness";

for (const c of energyCases({ historicRed, standardWhite, historicHc })) {
  test(c.name, () => {
    const { actual, expected } = c.run();
    assertEqual(actual, expected, c.name);
  });
}

await run("energy");
