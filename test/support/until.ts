// Polling for a condition over real sockets and timers, bounded: a thing that never happens fails the test in seconds
// with what was awaited, not at jest's timeout.

/** Resolves with the probe's first value that is neither undefined nor false; throws after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
