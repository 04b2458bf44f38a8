// The auto-mode rate policy on real captures: read at the wrong rate (a UART model, not random bytes) nothing is
// proven and the other rate is tried; read at the right rate three good groups prove it; a long loss detects again.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AutoBaud, LOCK_GOOD_GROUPS, PROBE_WINDOW_MS, readRememberedBaud, REDETECT_AFTER_MS, rememberBaud, TIC_BAUD, type AutoBaudAction } from "../../src/tic/auto-baud";
import { readAtWrongRate } from "../linux/uart-sim";

const fixtures = join(__dirname, "../../../shared/fixtures/tic");
const capture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));
const HISTORIC = "hist-tempo-1ph-hcjb-demain-roug.tic";
const STANDARD = "std-tempo-3ph-hc-blanc-stream-corrupted.tic";

/** Feeds `bytes` in 64-byte chunks at a line's pace (`baud` / 10 bytes per second); every action, in order. */
function feed(policy: AutoBaud, bytes: Uint8Array, startMs: number, baud: number): { actions: AutoBaudAction[]; endMs: number } {
  const actions: AutoBaudAction[] = [];
  let nowMs = startMs;
  for (let i = 0; i < bytes.length; i += 64) {
    const chunk = bytes.subarray(i, i + 64);
    nowMs += (chunk.length * 10 * 1000) / baud;
    const action = policy.push(chunk, nowMs);
    if (action) actions.push(action);
  }
  return { actions, endMs: nowMs };
}

class MemoryStore {
  readonly map = new Map<string, Uint8Array>();
  get = (key: string) => this.map.get(key);
  set = (key: string, value: Uint8Array) => void this.map.set(key, value);
  delete = (key: string) => void this.map.delete(key);
  keys = () => [...this.map.keys()];
}

describe("auto mode finds the meter's rate", () => {
  test.each([
    [STANDARD, TIC_BAUD.standard, TIC_BAUD.historic],
    [HISTORIC, TIC_BAUD.historic, TIC_BAUD.standard],
  ])("%s sent at %i baud, line opened first at %i", (name, meterBaud, firstBaud) => {
    const bytes = capture(name);
    const policy = new AutoBaud({ mode: "auto", remembered: firstBaud as 1200 | 9600, nowMs: 0 });
    expect(policy.baud()).toBe(firstBaud);
    // At the wrong rate: garbage, never proven; the probe window runs out and the other rate is tried.
    const wrong = readAtWrongRate(bytes, meterBaud, firstBaud);
    expect(wrong.length).toBeGreaterThan(0);
    // (The whole capture inside one probe window: time is left still while it is read.)
    const first = feed(policy, wrong, 0, Infinity);
    expect(first.actions).toEqual([]);
    expect(policy.poll(PROBE_WINDOW_MS - 1)).toBeUndefined();
    const switched = policy.poll(PROBE_WINDOW_MS);
    expect(switched).toMatchObject({ type: "switch", baud: meterBaud });
    // At the right rate: proven after LOCK_GOOD_GROUPS good groups, once.
    const second = feed(policy, bytes, PROBE_WINDOW_MS, meterBaud);
    expect(second.actions).toEqual([expect.objectContaining({ type: "locked", baud: meterBaud })]);
    expect(policy.proven()).toBe(true);
    // Proven: no window runs out any more while good groups come.
    expect(policy.poll(second.endMs + PROBE_WINDOW_MS)).toBeUndefined();
  });

  test("the UART model is not a pass-through: the wrong-rate bytes hold no good group at all", () => {
    for (const [name, baud, other] of [[HISTORIC, 1200, 9600], [STANDARD, 9600, 1200]] as const) {
      const policy = new AutoBaud({ mode: "auto", remembered: other, nowMs: 0 });
      const garbled = readAtWrongRate(capture(name), baud, other);
      for (let rep = 0; rep < 3; rep++) expect(feed(policy, garbled, 0, other).actions.filter((a) => a.type === "locked")).toEqual([]);
    }
  });

  test("a long loss after a proven rate detects again, then alternates rates until groups check out", () => {
    const policy = new AutoBaud({ mode: "auto", nowMs: 0 });
    const { actions, endMs } = feed(policy, capture(HISTORIC), 0, 1200);
    expect(actions.map((a) => a.type)).toEqual(["locked"]);
    expect(policy.poll(endMs + REDETECT_AFTER_MS - 1)).toBeUndefined();
    expect(policy.poll(endMs + REDETECT_AFTER_MS)).toMatchObject({ type: "redetect", baud: 1200 });
    expect(policy.proven()).toBe(false);
    expect(policy.poll(endMs + REDETECT_AFTER_MS + PROBE_WINDOW_MS)).toMatchObject({ type: "switch", baud: 9600 });
    expect(policy.poll(endMs + REDETECT_AFTER_MS + 2 * PROBE_WINDOW_MS)).toMatchObject({ type: "switch", baud: 1200 });
  });

  test("fewer good groups than the proof in a row prove nothing; a fixed mode never switches", () => {
    const bytes = capture(HISTORIC);
    // Two good groups then a broken one, over and over: the streak never reaches LOCK_GOOD_GROUPS.
    const groups = Buffer.from(bytes).toString("latin1").split("\r").filter((g) => g.includes("\n")).map((g) => g.slice(g.indexOf("\n")) + "\r");
    const pattern = Buffer.from(groups.slice(0, LOCK_GOOD_GROUPS - 1).join("") + "\nPAPP 0100 X\r", "latin1");
    const policy = new AutoBaud({ mode: "auto", nowMs: 0 });
    for (let i = 0; i < 10; i++) expect(policy.push(pattern, 1)).toBeUndefined();
    expect(policy.proven()).toBe(false);
    const fixed = new AutoBaud({ mode: "standard", nowMs: 0 });
    expect(fixed.baud()).toBe(9600);
    expect(fixed.push(readAtWrongRate(bytes, 1200, 9600), 1)).toBeUndefined();
    expect(fixed.poll(10 * REDETECT_AFTER_MS)).toBeUndefined();
  });

  test("the proven rate is remembered in the store and tried first", () => {
    const store = new MemoryStore();
    expect(readRememberedBaud(store)).toBeUndefined();
    rememberBaud(store, 9600);
    expect(readRememberedBaud(store)).toBe(9600);
    expect(new AutoBaud({ mode: "auto", remembered: readRememberedBaud(store), nowMs: 0 }).baud()).toBe(9600);
    store.set("tic.baud", Uint8Array.of(1, 2));
    expect(readRememberedBaud(store)).toBeUndefined();
  });
});
