// XS lane for the TIC line-rate policy the ESP32 runs (src/tic/auto-baud): a capture read at its own rate is proven,
// also as the ESP32 UART reads 7E1 (8N1, parity in bit 7); read at the wrong rate it never is, and the other is tried.
import hcjbBytes from "fixture:tic/hist-tempo-1ph-hcjb-demain-roug.tic";
import s3corruptBytes from "fixture:tic/std-tempo-3ph-hc-blanc-stream-corrupted.tic";
import { withEvenParity } from "../../host-sim/meter/tic-encoder";
import { AutoBaud, PROBE_WINDOW_MS } from "../../src/tic/auto-baud";
import { readAtWrongRate } from "../linux/uart-sim";
import { assert, assertEqual, run, test } from "./harness";

function locked(policy: AutoBaud, bytes: Uint8Array): string[] {
  const seen: string[] = [];
  for (let i = 0; i < bytes.length; i += 64) {
    const action = policy.push(bytes.subarray(i, i + 64), 1);
    if (action) seen.push(`${action.type} ${action.baud}`);
  }
  return seen;
}

test("historic at 1200, read as 8N1 with the parity bit: proven at 1200", () => {
  const policy = new AutoBaud({ mode: "auto", nowMs: 0 });
  assertEqual(locked(policy, withEvenParity(hcjbBytes)).join(), "locked 1200");
});

test("standard sent at 9600, read first at 1200: nothing proven, the window switches to 9600, then proven", () => {
  const policy = new AutoBaud({ mode: "auto", nowMs: 0 });
  assertEqual(locked(policy, readAtWrongRate(s3corruptBytes, 9600, 1200)).join(), "");
  const action = policy.poll(PROBE_WINDOW_MS);
  assert(action !== undefined && action.type === "switch" && action.baud === 9600, "switch to 9600");
  assertEqual(locked(policy, s3corruptBytes).join(), "locked 9600");
});

await run("auto-baud");
