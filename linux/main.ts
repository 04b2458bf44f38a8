// `npm run box -- --config FILE`: the délesteur as a Linux service (Raspberry Pi): real serial meter, GPIO relays.
// Never starts on a bad config: every bad field is printed with why, and the exit code is 2 (systemd does not retry).
import { nodePlugs } from "../host-sim/plugs";
import { journalLogger } from "./log";
import { readConfigFile } from "./config-file";
import { BoxRefused, startBox, type RunningBox } from "./box";

export const BOX_HELP = `délesteur box: the shedding box as a Linux service (Raspberry Pi with a TIC reader and relays).

Usage: npm run box -- --config FILE [--verbose]

  --config FILE   the box's config (JSON): meter device, state dir, ports, outputs, settings (README "Raspberry Pi")
  --verbose       also log every meter frame (default: one line per decision)
  --help          this text

Exit codes: 0 stopped by SIGTERM/SIGINT, 1 failed while running (systemd restarts it), 2 bad config or options.`;

/** Exit code for a config or option the owner must fix: systemd's RestartPreventExitStatus=2 stops retrying. */
const EXIT_CONFIG = 2;

function refuse(lines: string[]): never {
  for (const line of lines) process.stderr.write(`délesteur: ${line}\n`);
  process.exit(EXIT_CONFIG);
}

async function main(argv: readonly string[]): Promise<void> {
  let configFile: string | undefined;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(BOX_HELP + "\n");
      return;
    } else if (arg === "--config") configFile = argv[++i];
    else if (arg === "--verbose") verbose = true;
    else refuse([`unknown option "${arg}" (see --help)`]);
  }
  if (!configFile) refuse(["--config FILE is required (see --help)"]);
  const read = readConfigFile(configFile);
  if (!read.ok) refuse(read.errors.map((e) => `config ${configFile}: ${e.field}: ${e.message}`));
  const logger = journalLogger({ verbose });
  let box: RunningBox | undefined;
  // Whatever ends the process, the relays go to "box absent" first (a released coil = heating runs as without the box).
  process.on("exit", () => box?.releaseOutputsSync());
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      logger.log("info", `${signal}: stopping; every output released`);
      void (box?.stop() ?? Promise.resolve()).finally(() => {
        logger.log("info", "délesteur box stopped (exit 0)");
        process.exit(0);
      });
    });
  }
  const crash = (error: unknown): void => {
    logger.log("error", `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    box?.releaseOutputsSync();
    process.exit(1);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  try {
    // Contacts on smart plugs ({"remote": {"type": "shelly", ...}}) are built by src/plugs (host-sim/plugs.ts).
    const plugs = nodePlugs(logger);
    box = await startBox({ config: read.config, configFile, logger, remoteOutputs: plugs.remoteOutput, mqttTap: plugs.mqttLink });
  } catch (error) {
    if (error instanceof BoxRefused) refuse(error.errors.map((e) => `config ${configFile}: ${e.field}: ${e.message}`));
    throw error;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`délesteur: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
