// Minimal test harness for suites that run on the XS engine (xsnap): no Node, no jest.
// Prints one line per failure and a closing "N passed, N failed" line that test/xs/run.mjs reads.

declare const print: (text: string) => void;

type TestFn = () => void | Promise<void>;
const tests: { name: string; fn: TestFn }[] = [];

export function test(name: string, fn: TestFn): void {
  tests.push({ name, fn });
}

export class AssertionError extends Error {}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

function show(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? hex(v) : v));
}

export function hex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function assertEqual(actual: unknown, expected: unknown, message = "values differ"): void {
  const a = show(actual);
  const e = show(expected);
  if (a !== e) throw new AssertionError(`${message}: expected ${e}, got ${a}`);
}

export function assertThrows(fn: () => unknown, message: string): void {
  let threw = false;
  try {
    fn();
  } catch {
    threw = true;
  }
  if (!threw) throw new AssertionError(`expected a throw: ${message}`);
}

/** Run every registered test in order; call once at the end of a suite module. */
export async function run(suite: string): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of tests) {
    try {
      await fn();
      passed++;
    } catch (error) {
      failed++;
      const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
      print(`FAIL ${suite} › ${name}: ${detail}`);
    }
  }
  print(`xs ${suite}: ${passed} passed, ${failed} failed`);
}
