// README "Raspberry Pi" → "Try it without a Pi", step by step: socat's pty as the meter, the example config edited
// by the README's sed, `npm run box -- --config`, the red-day peak frame cut by the README's python line and sent
// once a second. The box must shed both loads (dry-run gpioset lines and /api/status), then release every output on
// SIGTERM and exit 0. Only the directory and the ports differ from the README (tests take free ports).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../e2e/web-support";

const root = resolve(__dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const children: ChildProcess[] = [];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "delesteur-try-"));
});
afterAll(() => {
  // Each background step runs in its own process group (as a shell job does): the whole group goes.
  for (const child of children) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The README's "Try it without a Pi" shell block, with /tmp/delesteur-try replaced by this test's directory. */
function readmeSteps(): string[] {
  const section = readme.slice(readme.indexOf("### Try it without a Pi"));
  const block = section.slice(section.indexOf("```sh") + 5, section.indexOf("```", section.indexOf("```sh") + 5));
  return block.replace(/\\\n\s*/g, "").split("\n").map((l) => l.replace(/\/tmp\/delesteur-try/g, dir).trim()).filter((l) => l && !l.startsWith("#"));
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number, log: () => string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; log:\n${log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a newcomer following the README without a Pi gets a box that sheds on a red-peak capture", async () => {
  const steps = readmeSteps();
  // The README's steps, in its order (apt install is the machine's, done by scripts/system-deps.sh here).
  expect(steps[0]).toBe("sudo apt install socat");
  expect(steps[1]).toBe(`mkdir -p ${dir}`);
  const [socatStep, sedStep, boxStep, pythonStep, meterStep] = steps.slice(2);
  expect(socatStep).toMatch(/^socat pty.* &$/);
  expect(sedStep).toMatch(/^sed .* linux\/example-config\.json > .*config\.json$/);
  expect(boxStep).toBe(`npm run box -- --config ${dir}/config.json &`);
  expect(pythonStep).toMatch(/^python3 -c .*hist-tempo-3ph-hpjr-hcjr-demain-roug\.tic > .*red-peak\.tic$/);
  expect(meterStep).toMatch(/^while sleep 1; do cat .*red-peak\.tic; done > .*meter &$/);

  const sh = (line: string, background: boolean): ChildProcess | undefined => {
    if (!background) {
      execFileSync("bash", ["-c", line], { cwd: root, stdio: "pipe" });
      return undefined;
    }
    const child = spawn("bash", ["-c", line.replace(/&$/, "")], { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true });
    children.push(child);
    return child;
  };

  sh(socatStep, true);
  await until("the ptys", () => existsSync(join(dir, "ttyTIC")) && existsSync(join(dir, "meter")), 10000, () => "");
  sh(sedStep, false);
  // The temp config: the README's, on free ports and without mDNS (other tests run beside this one).
  const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  expect(config.meter.device).toBe(join(dir, "ttyTIC"));
  expect(config.stateDir).toBe(join(dir, "state"));
  expect(config.gpio.dryRun).toBe(true);
  const webPort = await freePort();
  config.web = { port: webPort, bind: "127.0.0.1" };
  config.homekit = { port: 0, bind: "127.0.0.1", mdns: false };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));

  const box = sh(boxStep, true)!;
  let log = "";
  box.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  box.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((r) => box.on("exit", (code) => r(code)));
  await until("the box started", () => log.includes("délesteur box started"), 30000, () => log);
  // At start every output is released: salon's two contacts low, the active-low water heater relay high.
  expect(log).toMatch(/gpio \(dry run\): gpioset --mode=exit gpiochip0 22=1/);
  sh(pythonStep, false);
  expect(readFileSync(join(dir, "red-peak.tic")).at(-1)).toBe(0x03);
  sh(meterStep, true);

  await until("the rate proven", () => log.includes("meter line: 1200 baud proven"), 20000, () => log);
  await until("salon shed", () => /load salon: off \(off, red_peak/.test(log), 20000, () => log);
  await until("water heater shed", () => /load chauffe-eau: off \(off, red_peak/.test(log), 20000, () => log);
  const shedAt = log.lastIndexOf("load chauffe-eau: off");
  const afterStart = log.slice(log.indexOf("délesteur box started"));
  expect(afterStart).toMatch(/gpioset --mode=exit gpiochip0 17=1/); // salon's pilot wire to hors-gel
  expect(afterStart).toMatch(/gpioset --mode=exit gpiochip0 22=0/); // water heater's relay energised: shed
  const status = (await (await fetch(`http://127.0.0.1:${webPort}/api/status`, { headers: { connection: "close" } })).json()) as { status: { loads: { id: string; on: boolean; reason: string }[]; tariff: { colour: string; period: string } } };
  expect(status.status.tariff).toMatchObject({ colour: "red", period: "hp" });
  expect(status.status.loads.map((l) => [l.id, l.on, l.reason])).toEqual([["salon", false, "red_peak"], ["chauffe-eau", false, "red_peak"]]);
  expect(shedAt).toBeGreaterThan(0);
  // The state dir is private.
  expect(statSync(join(dir, "state")).mode & 0o777).toBe(0o700);
  expect(statSync(join(dir, "state", "app.settings.bin")).mode & 0o777).toBe(0o600);

  // `kill %2`: SIGTERM to the job (its process group: npm and the box under it); every output released, exit 0.
  const before = log.length;
  process.kill(-box.pid!, "SIGTERM");
  await exited; // npm itself ends by the signal; the box's own end is its last log line
  await until("the box stopped", () => log.includes("délesteur box stopped (exit 0)"), 15000, () => log);
  const stopping = log.slice(before);
  expect(stopping).toMatch(/SIGTERM: stopping; every output released/);
  expect(stopping).toMatch(/gpioset --mode=exit gpiochip0 17=0/);
  expect(stopping).toMatch(/gpioset --mode=exit gpiochip0 27=0/);
  expect(stopping).toMatch(/gpioset --mode=exit gpiochip0 22=1/);
}, 90000);
