// The shipped systemd unit: what README promises is in it, and systemd itself accepts it where it is installed.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const unitPath = join(resolve(__dirname, "../.."), "linux/delesteur.service");
const unit = readFileSync(unitPath, "utf8");
const settings = (key: string): string[] => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1]);

test("restarts on failure but not on a bad config, runs the box on the config in /etc, private state", () => {
  expect(settings("Restart")).toEqual(["on-failure"]);
  expect(settings("RestartPreventExitStatus")).toEqual(["2"]);
  expect(settings("ExecStart")).toEqual(["/usr/bin/node --import tsx linux/main.ts --config /etc/delesteur/config.json"]);
  expect(settings("StateDirectoryMode")).toEqual(["0700"]);
  expect(settings("UMask")).toEqual(["0077"]);
  expect(settings("SupplementaryGroups")).toEqual(["dialout gpio"]);
  for (const hardening of ["NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "DevicePolicy=closed", "CapabilityBoundingSet="]) {
    expect(unit).toContain(`\n${hardening}\n`);
  }
  // The config dir stays writable under ProtectSystem=strict: the web page's settings are written back there.
  expect(settings("ReadWritePaths")).toEqual(["/etc/delesteur"]);
});

const hasSystemd = spawnSync("systemd-analyze", ["--version"]).status === 0;
(hasSystemd ? test : test.skip)("systemd-analyze verify accepts the unit", () => {
  const run = spawnSync("systemd-analyze", ["verify", unitPath], { encoding: "utf8" });
  expect(run.stderr.split("\n").filter((l) => l.includes("delesteur.service"))).toEqual([]);
  expect(run.status).toBe(0);
});
