// Every real capture in ../shared/fixtures/tic decoded and checked against what its own sidecar says it holds.
// Never copies a capture or hard-codes what it holds: expectations come from the sidecar (test/tic/expectations.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { withEvenParity } from "../../host-sim/meter/tic-encoder";
import { decodeFixture, fixtureChecks, parseSidecar } from "./expectations";

const dir = resolve(__dirname, "../../../shared/fixtures/tic");
const files = readdirSync(dir).filter((f) => f.endsWith(".tic")).sort();

test("the shared corpus is there, and the XS lane imports every capture with its sidecar", () => {
  expect(files.length).toBeGreaterThanOrEqual(11);
  const xsSuite = readFileSync(resolve(__dirname, "../xs/tic.xs.ts"), "utf8");
  for (const file of files) {
    expect(xsSuite).toContain(`"fixture:tic/${file}"`);
    expect(xsSuite).toContain(`"fixture:tic/${file}.json"`);
  }
});

describe.each(files)("%s", (file) => {
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  const sidecar = parseSidecar(new Uint8Array(readFileSync(join(dir, `${file}.json`))));
  const checks = fixtureChecks(sidecar, bytes);
  const run = decodeFixture(bytes);

  test("its sidecar yields real checks", () => {
    expect(sidecar.file).toBe(file);
    expect(checks.length).toBeGreaterThanOrEqual(6);
  });

  test.each(checks.map((c) => [c.name, c] as const))("sidecar: %s", (_name, check) => {
    check.verify(run);
  });

  test("the configured mode gives the same result as auto", () => {
    expect(decodeFixture(bytes, sidecar.mode)).toEqual(run);
  });

  test("1 byte, 4 KB and whole-file chunks give identical events", () => {
    expect(decodeFixture(bytes, "auto", 1)).toEqual(run);
    expect(decodeFixture(bytes, "auto", 4096)).toEqual(run);
    expect(decodeFixture(bytes, "auto", 7)).toEqual(run);
  });

  test("read as 8N1 from a 7E1 line (parity in bit 7): same events, no parity error", () => {
    expect(decodeFixture(withEvenParity(bytes))).toEqual(run);
  });
});
