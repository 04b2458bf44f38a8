// Test-side HomeKit controller: hap-controller's IP client (the BLE half of the package is never imported),
// plus bounded waits. Used by the e2e suites only.
import * as httpClientModule from "hap-controller/lib/transport/ip/http-client";
import type HttpClientType from "hap-controller/lib/transport/ip/http-client";

type HttpClientClass = typeof HttpClientType;
// swc (jest) and tsx disagree on CommonJS default interop: accept both shapes.
const loaded = httpClientModule as unknown as { default: HttpClientClass & { default?: HttpClientClass } };
export const HttpClient: HttpClientClass = loaded.default.default ?? loaded.default;
export type HttpClient = HttpClientType;

/** Poll `predicate` every 10 ms; reject after `timeoutMs` with `what` in the message. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Let the event loop run for a while, to show that something did NOT happen. */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
