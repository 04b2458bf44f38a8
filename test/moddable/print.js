// The `print` global test/xs/harness.ts reports through, made from the Moddable runtime's `trace`.
// Test-only: imported first by the self-test entry, never by the firmware.
globalThis.print ??= (text) => trace(`${text}\n`);
