// A real mosquitto for tests: started on a free loopback port with a generated config, stopped by the test.
// Never listens beyond 127.0.0.1, never persists (retained messages live only as long as the process).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** mosquitto starts in a few ms; past this it did not start. */
const START_TIMEOUT_MS = 5_000;

export function mosquittoPath(): string | undefined {
  for (const path of ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"]) if (spawnSync(path, ["-h"]).error === undefined) return path;
  return undefined;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function accepting(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export class Broker {
  readonly port: number;
  private readonly dir: string;
  private process: ChildProcess | undefined;

  constructor(port: number) {
    this.port = port;
    this.dir = mkdtempSync(join(tmpdir(), "delesteur-mosquitto-"));
    // No default listener, no persistence, anonymous on loopback only: nothing outlives the test.
    writeFileSync(join(this.dir, "mosquitto.conf"), [`listener ${port} 127.0.0.1`, "allow_anonymous true", "persistence false", "log_dest none", ""].join("\n"));
  }

  async start(): Promise<void> {
    const path = mosquittoPath();
    if (!path) throw new Error("mosquitto is not installed (scripts/system-deps.sh installs it)");
    this.process = spawn(path, ["-c", join(this.dir, "mosquitto.conf")], { stdio: "ignore" });
    const until = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < until) {
      if (await accepting(this.port)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`mosquitto did not listen on ${this.port}`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
