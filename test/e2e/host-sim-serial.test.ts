// A real capture replayed through a pseudo-terminal pair (socat) decodes exactly as the same capture from a file:
// host-sim opens the pty with the serialport package at the meter's rate, 7E1, like a USB TIC reader.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HostSim } from "./host-sim-process";

const fixtures = join(__dirname, "../../../shared/fixtures/tic");
const common = ["--hap-port", "0", "--bind", "127.0.0.1", "--no-mdns"];
const running: HostSim[] = [];
const dirs: string[] = [];
let socat: ChildProcess | undefined;

afterAll(async () => {
  await Promise.all(running.map((s) => s.kill()));
  socat?.kill("SIGTERM");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(args: string[]): HostSim {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-pty-"));
  dirs.push(dir);
  const sim = new HostSim([...common, "--json-frames", "--state-dir", dir, ...args]);
  running.push(sim);
  return sim;
}

/** Two linked ptys from socat; resolves with their paths once both exist. */
function ptyPair(): Promise<[string, string]> {
  return new Promise((resolve, reject) => {
    socat = spawn("socat", ["-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0"], { stdio: ["ignore", "ignore", "pipe"] });
    let text = "";
    const timer = setTimeout(() => reject(new Error(`socat gave no ptys: ${text}`)), 10000);
    socat.on("error", (error) => reject(new Error(`socat missing (apt-get install socat): ${error.message}`)));
    socat.stderr?.on("data", (data: Buffer) => {
      text += data.toString();
      const found = [...text.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1]);
      if (found.length >= 2) {
        clearTimeout(timer);
        resolve([found[0], found[1]]);
      }
    });
  });
}

/** Frame lines without their arrival time: what was decoded, and the decoder's counters. */
function decoded(sim: HostSim): Record<string, unknown>[] {
  return sim.lines.filter((l) => l.type === "frame").map(({ at: _at, ...rest }) => rest);
}

async function fromFile(name: string, mode: string): Promise<Record<string, unknown>[]> {
  const sim = start(["--meter", `file:${join(fixtures, name)}`, "--tic-mode", mode]);
  await sim.waitFor((l) => l.type === "meter-end");
  await sim.kill();
  return decoded(sim);
}

async function fromPty(name: string, mode: string, frames: number): Promise<Record<string, unknown>[]> {
  const [hostSide, meterSide] = await ptyPair();
  const sim = start(["--meter", `serial:${hostSide}`, "--tic-mode", mode]);
  await sim.waitFor((l) => l.type === "boot");
  const fd = openSync(meterSide, "w");
  const bytes = readFileSync(join(fixtures, name));
  // In UART-sized pieces, as a meter would trickle them.
  for (let i = 0; i < bytes.length; i += 128) writeSync(fd, bytes.subarray(i, i + 128));
  closeSync(fd);
  await sim.waitFor(() => decoded(sim).length >= frames);
  await new Promise((r) => setTimeout(r, 300)); // nothing more may arrive
  await sim.kill();
  socat?.kill("SIGTERM");
  return decoded(sim);
}

describe("meter capture through a pty (socat) decodes the same as from the file", () => {
  test.each([
    ["hist-tempo-1ph-hcjb-demain-roug.tic", "historic"],
    ["std-tempo-3ph-hc-blanc-stream-corrupted.tic", "standard"],
  ])("%s (%s)", async (name, mode) => {
    const viaFile = await fromFile(name, mode);
    expect(viaFile.length).toBeGreaterThan(0);
    const viaPty = await fromPty(name, mode, viaFile.length);
    expect(viaPty).toEqual(viaFile);
  });

  test("the historic capture reads as its sidecar says: Tempo, blue HC, tomorrow red, 10 frames", async () => {
    const sidecar = JSON.parse(readFileSync(join(fixtures, "hist-tempo-1ph-hcjb-demain-roug.tic.json"), "utf8")) as { frames: number };
    const frames = await fromFile("hist-tempo-1ph-hcjb-demain-roug.tic", "historic");
    expect(frames).toHaveLength(sidecar.frames);
    expect(frames[frames.length - 1]).toMatchObject({ contract: "tempo", colour: "blue", period: "hc", tomorrow: "red", meterId: "021861348497" });
  });
});
