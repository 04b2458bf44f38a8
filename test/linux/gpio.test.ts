// GPIO outputs through Debian's gpioset: the exact command lines (v1 and v2, polarity per line), one run at a time
// per line with the newest level winning, a failure logged once, every line released at exit. There is no mock chip
// (gpio-sim is a kernel module CI lacks), so the adapter is tested through its runner; where the real gpioset is
// installed, it parses our v1 command line and fails only on the missing chip.
import { spawnSync } from "node:child_process";
import { GpioOutputs, gpiodMajor, gpiosetArgv, processRunner, type CommandRunner } from "../../hal/node/gpio";

function recordingRunner(options: { fail?: (argv: readonly string[]) => string | undefined } = {}) {
  const runs: string[] = [];
  const pending: (() => void)[] = [];
  const runner: CommandRunner & { runs: string[]; finishAll(): Promise<void> } = {
    runs,
    run: (argv) =>
      new Promise((resolve) => {
        runs.push(argv.join(" "));
        const error = options.fail?.(argv);
        pending.push(() => resolve(error ? { code: 1, stderr: error } : { code: 0, stderr: "" }));
      }),
    runSync: (argv) => {
      runs.push(`sync ${argv.join(" ")}`);
      return { code: 0, stderr: "" };
    },
    async finishAll() {
      while (pending.length > 0) {
        pending.shift()!();
        await new Promise((r) => setImmediate(r));
      }
    },
  };
  return runner;
}

const logger = () => {
  const lines: string[] = [];
  return { lines, log: (level: string, message: string) => void lines.push(`${level} ${message}`) };
};

test("command lines: v1 --mode=exit, v2 -c CHIP -t0; activeLow inverts the level, never the logic", () => {
  expect(gpiosetArgv("gpioset", 1, { chip: "gpiochip0", line: 17, activeLow: false }, true)).toEqual(["gpioset", "--mode=exit", "gpiochip0", "17=1"]);
  expect(gpiosetArgv("gpioset", 1, { chip: "gpiochip0", line: 17, activeLow: false }, false)).toEqual(["gpioset", "--mode=exit", "gpiochip0", "17=0"]);
  expect(gpiosetArgv("gpioset", 1, { chip: "gpiochip0", line: 22, activeLow: true }, true)).toEqual(["gpioset", "--mode=exit", "gpiochip0", "22=0"]);
  expect(gpiosetArgv("gpioset", 1, { chip: "gpiochip0", line: 22, activeLow: true }, false)).toEqual(["gpioset", "--mode=exit", "gpiochip0", "22=1"]);
  expect(gpiosetArgv("gpioset", 2, { chip: "gpiochip4", line: 5, activeLow: false }, true)).toEqual(["gpioset", "-c", "gpiochip4", "-t0", "5=1"]);
});

test("gpioset --version tells the generation; a missing tool says what to install", () => {
  const answer = (text: string, code = 0): CommandRunner => ({ run: async () => ({ code, stderr: text }), runSync: () => ({ code, stderr: text }) });
  expect(gpiodMajor("gpioset", answer("gpioset (libgpiod) v1.6.3\nCopyright (C) 2017-2018 Bartosz Golaszewski"))).toEqual({ ok: true, major: 1 });
  expect(gpiodMajor("gpioset", answer("gpioset (libgpiod) v2.1.3"))).toEqual({ ok: true, major: 2 });
  const missing = gpiodMajor("no-such-gpioset", processRunner);
  expect(missing.ok).toBe(false);
  if (!missing.ok) expect(missing.error).toMatch(/apt install gpiod/);
});

test("one run at a time per line, the newest level replacing one not yet sent; lines are independent", async () => {
  const runner = recordingRunner();
  const outputs = new GpioOutputs({ major: 1, runner, logger: logger() });
  const a = outputs.output({ chip: "gpiochip0", line: 17, activeLow: false });
  const b = outputs.output({ chip: "gpiochip0", line: 27, activeLow: true });
  a.write(true);
  a.write(false);
  a.write(true); // replaces the pending false: the line ends on what was asked last
  b.write(true);
  expect(runner.runs).toEqual(["gpioset --mode=exit gpiochip0 17=1", "gpioset --mode=exit gpiochip0 27=0"]);
  await runner.finishAll();
  expect(runner.runs).toEqual(["gpioset --mode=exit gpiochip0 17=1", "gpioset --mode=exit gpiochip0 27=0", "gpioset --mode=exit gpiochip0 17=1"]);
});

test("a failing line is logged once, and once again when it works", async () => {
  let broken = true;
  const runner = recordingRunner({ fail: () => (broken ? "gpioset: error setting the GPIO line values: Device or resource busy" : undefined) });
  const log = logger();
  const out = new GpioOutputs({ major: 1, runner, logger: log }).output({ chip: "gpiochip0", line: 17, activeLow: false });
  for (let i = 0; i < 5; i++) {
    out.write(i % 2 === 0);
    await runner.finishAll();
  }
  broken = false;
  out.write(true);
  await runner.finishAll();
  expect(log.lines).toEqual(["error gpio: gpiochip0 line 17 not set: gpioset: error setting the GPIO line values: Device or resource busy", "info gpio: gpiochip0 line 17 works again"]);
});

test("releaseAllSync puts every line to its released level (coil off), synchronously", () => {
  const runner = recordingRunner();
  const outputs = new GpioOutputs({ major: 1, runner, logger: logger() });
  outputs.output({ chip: "gpiochip0", line: 17, activeLow: false });
  outputs.output({ chip: "gpiochip0", line: 22, activeLow: true });
  outputs.releaseAllSync();
  expect(runner.runs).toEqual(["sync gpioset --mode=exit gpiochip0 17=0", "sync gpioset --mode=exit gpiochip0 22=1"]);
});

const hasGpioset = spawnSync("gpioset", ["--version"]).status === 0;
(hasGpioset ? test : test.skip)("the real gpioset (Debian's gpiod) accepts our v1 command line and fails only on the missing chip", async () => {
  const version = gpiodMajor("gpioset", processRunner);
  expect(version).toEqual({ ok: true, major: 1 });
  const result = await processRunner.run(gpiosetArgv("gpioset", 1, { chip: "gpiochip-none", line: 17, activeLow: false }, true));
  expect(result.code).not.toBe(0);
  expect(result.stderr).not.toMatch(/invalid|usage|try gpioset --help/i);
  expect(result.stderr).toMatch(/No such file|not found|unable to|error/i);
});
