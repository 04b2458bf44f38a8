// Test helper: host-sim as a child process speaking JSON lines, with bounded waits and a clean kill.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(__dirname, "../..");

export class HostSim {
  readonly lines: Record<string, unknown>[] = [];
  stderr = "";
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  constructor(args: string[]) {
    // Tests never take a fixed port: the web page gets an ephemeral one unless the test chose its own.
    const portArgs = args.includes("--http-port") ? [] : ["--http-port", "0"];
    this.child = spawn(process.execPath, ["--import", "tsx", "host-sim/main.ts", "--json", ...portArgs, ...args], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let buffered = "";
    this.child.stdout.on("data", (data: Buffer) => {
      buffered += data.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const part of parts) {
        try {
          this.lines.push(JSON.parse(part) as Record<string, unknown>);
        } catch {
          this.lines.push({ type: "unparsed", text: part });
        }
      }
      for (const w of this.waiters) w();
    });
    this.child.stderr.on("data", (data: Buffer) => {
      this.stderr += data.toString();
      for (const w of this.waiters) w();
    });
    this.exited = new Promise((done) => this.child.on("exit", (code) => {
      done(code);
      for (const w of this.waiters) w();
    }));
  }

  /** Resolves with the first line matching, or rejects after `timeoutMs` with what was seen. */
  waitFor(predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 15000): Promise<Record<string, unknown>> {
    return new Promise((resolvePromise, reject) => {
      const check = (): boolean => {
        const found = this.lines.find(predicate);
        if (found) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== listener);
          resolvePromise(found);
          return true;
        }
        return false;
      };
      const listener = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== listener);
        reject(new Error(`timed out; stderr: ${this.stderr.slice(-2000)}; lines: ${JSON.stringify(this.lines.slice(-20))}`));
      }, timeoutMs);
      if (!check()) this.waiters.push(listener);
    });
  }

  /** The simulator's process id (its memory is read from /proc). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  send(line: string): void {
    this.child.stdin.write(line + "\n");
  }

  exitCode(timeoutMs = 15000): Promise<number | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<number | null>((_, reject) => (timer = setTimeout(() => reject(new Error("did not exit")), timeoutMs)));
    return Promise.race([this.exited, timeout]).finally(() => clearTimeout(timer));
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}
