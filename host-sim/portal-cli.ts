// Stand-alone runner for the set-up portal: `npx tsx host-sim/portal-cli.ts [--http-port N] [--dns-port N] [--bind ADDR] [--state-dir DIR] [--idle-ms N]`.
// Never parses more than these flags: `npm start -- --provision` (host-sim/main.ts) is the real entry.

import { startPortal } from "./portal";

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const idle = flag("--idle-ms", "");
  const running = await startPortal({
    httpPort: Number(flag("--http-port", "8080")),
    dnsPort: Number(flag("--dns-port", "5353")),
    bind: flag("--bind", "127.0.0.1"),
    stateDir: flag("--state-dir", ".delesteur"),
    idleCloseMs: idle ? Number(idle) : undefined,
    // Exit once the simulated device has restarted and joined (or failed to).
    onRestart: () => setTimeout(() => process.exit(0), 50),
  });
  const reason = await running.closed;
  if (reason !== "saved") process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`portal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
