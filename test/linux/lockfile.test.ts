// package-lock.json is what npm 9, 10 and 11 all leave unchanged on `npm install`, so a fresh clone on a Pi stays clean.
// npm ≥ 11 writes a "libc" list on platform packages (glibc/musl builds) that npm 9 and 10 strip: with it, Node 20's
// own npm rewrote 66 lines of the lock on every install. Measured: the lock without them is kept byte for byte by all
// three (.ci/run also checks `git diff --exit-code package-lock.json` after its `npm install`).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const lock = JSON.parse(readFileSync(join(__dirname, "../../package-lock.json"), "utf8")) as {
  lockfileVersion: number;
  packages: Record<string, { dev?: boolean; optional?: boolean; os?: string[]; cpu?: string[]; libc?: string[] }>;
};

test("the lock holds no npm-11-only libc field", () => {
  const withLibc = Object.entries(lock.packages).filter(([, entry]) => entry.libc !== undefined).map(([name]) => name);
  // After adding a dependency with npm 11, `npx -y npm@10 install --package-lock-only` strips them again.
  expect(withLibc).toEqual([]);
});

test("what the Linux box runs with is a runtime dependency (a Pi installs with npm ci --omit=dev)", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { dependencies: Record<string, string> };
  for (const name of ["tsx", "serialport", "@homebridge/ciao", "@noble/curves", "mqtt", "qrcode-terminal"]) expect(Object.keys(pkg.dependencies)).toContain(name);
  expect(lock.packages["node_modules/tsx"].dev).toBeUndefined();
});

test("the lock is version 3 and lists other platforms' optional builds (an install elsewhere adds nothing)", () => {
  expect(lock.lockfileVersion).toBe(3);
  const platformBuilds = Object.keys(lock.packages).filter((name) => /@esbuild\/|@swc\/core-|@unrs\/resolver-binding-/.test(name));
  for (const needed of ["linux-arm64", "linux-arm", "darwin-arm64", "win32-x64"]) {
    expect(platformBuilds.filter((name) => name.includes(needed)).length).toBeGreaterThan(0);
  }
});
