// Every socket server bounded, end to end: for one 60 s window, clients that pipeline requests and never read attack
// HomeKit, the web page (one host-sim in station mode) and the set-up portal (a second host-sim, --provision) at
// once, while a paired hap-controller verifies, reads and writes and plain GETs ask the page and the portal.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { HttpClient } from "../homekit/support/hap-client";
import { httpGet, rssBytes } from "../net/attack-clients";
import { HostSim } from "./host-sim-process";

const CODE = "101-48-005";
/** TargetHeatingCoolingState (README's HomeKit table); AUTO is the box's mode at rest, so writing it changes nothing. */
const TARGET_STATE = "1.12";
const AUTO = 3;
const SOAK_MS = 60_000;
/** One legitimate round (HomeKit, page, portal) every this long: ~30 rounds in the window. */
const ROUND_MS = 2000;
/**
 * RSS bound for each host-sim: ~100 MB at rest (Node, tsx, the core). Before the bounds a single non-reading
 * pipeliner took it to ~480 MB in 20 s and GBs later; 250 MB leaves room for the attack's kernel-side buffers and
 * the garbage collector's lag, not for a queue that grows with the attack.
 */
const RSS_BOUND_BYTES = 250 * 1024 * 1024;
/** The figure for a legitimate controller under the attack was 3–10 s; HAP controllers give up near 10 s. */
const CONTROLLER_ROUND_BOUND_MS = 1000;

const dirs: string[] = [];
const sims: HostSim[] = [];
let attackers: ChildProcessWithoutNullStreams | undefined;

afterAll(async () => {
  attackers?.kill("SIGKILL");
  await Promise.all(sims.map((s) => s.kill()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function start(args: string[]): HostSim {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-soak-"));
  dirs.push(dir);
  const sim = new HostSim(["--bind", "127.0.0.1", "--no-mdns", "--hap-port", "0", "--state-dir", dir, ...args]);
  sims.push(sim);
  return sim;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A paired controller's visit on a new connection: pair-verify, read, write. Its duration in ms, or what failed. */
async function controllerRound(hk: { port: number; deviceId: string }, pairing: unknown): Promise<number | string> {
  const client = new HttpClient(hk.deviceId, "127.0.0.1", hk.port, pairing as never, { usePersistentConnections: true });
  const t0 = Date.now();
  try {
    const read = (await client.getCharacteristics([TARGET_STATE])) as { characteristics: { value: unknown }[] };
    await client.setCharacteristics({ [TARGET_STATE]: AUTO });
    if (read.characteristics[0]?.value === undefined) throw new Error("read returned no value");
    return Date.now() - t0;
  } catch (error) {
    return String(error);
  } finally {
    await client.close().catch(() => undefined);
  }
}

test("non-reading pipeliners on HomeKit, the page and the portal for 60 s: RSS bounded, legitimate clients served", async () => {
  const station = start(["--setup-code", CODE]);
  const portal = start(["--provision", "--dns-port", "0"]);
  const hk = (await station.waitFor((l) => l.type === "homekit" && typeof l.port === "number")) as { port: number; deviceId: string };
  const web = (await station.waitFor((l) => l.type === "web" && typeof l.port === "number")) as { port: number };
  const portalLine = (await portal.waitFor((l) => l.type === "portal")) as { url: string };
  const portalPort = Number(new URL(portalLine.url).port);
  const pairer = new HttpClient(hk.deviceId, "127.0.0.1", hk.port);
  await pairer.pairSetup(CODE);
  const pairing = pairer.getLongTermData();

  // One round at rest first: hap-controller's own crypto warms up in this process (its first verify is slow).
  const atRestMs = await controllerRound(hk, pairing);

  const pids = { station: station.pid as number, portal: portal.pid as number };
  const rssAtRest = { station: rssBytes(pids.station), portal: rssBytes(pids.portal) };
  const rssMax = { ...rssAtRest };
  // The attackers run in a process of their own (test/e2e/soak-attackers.ts), as a hostile device would.
  const attack = spawn(process.execPath, ["--import", "tsx", "test/e2e/soak-attackers.ts", String(hk.port), String(web.port), String(portalPort), String(SOAK_MS + ROUND_MS)], {
    cwd: resolve(__dirname, "../.."),
    stdio: ["pipe", "pipe", "pipe"],
  });
  attackers = attack;
  let attackOutput = "";
  attack.stdout.on("data", (data: Buffer) => (attackOutput += data.toString()));
  const attackEnded = new Promise<void>((done) => attack.on("exit", () => done()));
  const launchedAt = Date.now();
  while (!attackOutput.includes('"started"') && Date.now() - launchedAt < 15_000) await sleep(20);
  const sampler = setInterval(() => {
    rssMax.station = Math.max(rssMax.station, rssBytes(pids.station));
    rssMax.portal = Math.max(rssMax.portal, rssBytes(pids.portal));
  }, 250);

  const controllerRoundsMs: number[] = [];
  const controllerFailures: string[] = [];
  const webStatuses: number[] = [];
  const portalStatuses: number[] = [];
  const startedAt = Date.now();
  try {
    while (Date.now() - startedAt < SOAK_MS) {
      const roundStart = Date.now();
      const [controller, page, setUp] = await Promise.all([
        controllerRound(hk, pairing),
        httpGet(web.port, "/api/status"),
        httpGet(portalPort, "/"),
      ]);
      if (typeof controller === "number") controllerRoundsMs.push(controller);
      else controllerFailures.push(controller);
      webStatuses.push(page);
      portalStatuses.push(setUp);
      await sleep(Math.max(0, ROUND_MS - (Date.now() - roundStart)));
    }
  } finally {
    clearInterval(sampler);
  }
  await Promise.race([attackEnded, sleep(10_000)]);
  const attackLines = attackOutput.trim().split("\n");
  const sent = JSON.parse(attackLines[attackLines.length - 1]) as { bytesWritten?: number[]; connectionsOpened?: number[] };

  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const sorted = [...controllerRoundsMs].sort((a, b) => a - b);
  const report = {
    rssMB: { atRest: { station: mb(rssAtRest.station), portal: mb(rssAtRest.portal) }, max: { station: mb(rssMax.station), portal: mb(rssMax.portal) } },
    attackMB: (sent.bytesWritten ?? []).map(mb),
    attackConnections: sent.connectionsOpened,
    controllerMs: { atRest: atRestMs, median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1], rounds: controllerRoundsMs },
    controllerFailures,
    webStatuses: [...new Set(webStatuses)],
    portalStatuses: [...new Set(portalStatuses)],
  };
  process.stdout.write(`socket soak: ${JSON.stringify(report)}\n`);

  expect(controllerFailures).toEqual([]);
  expect(controllerRoundsMs.length).toBeGreaterThanOrEqual(10);
  expect(controllerRoundsMs.filter((ms) => ms > CONTROLLER_ROUND_BOUND_MS)).toEqual([]);
  expect(webStatuses.filter((s) => s !== 200)).toEqual([]);
  expect(portalStatuses.filter((s) => s !== 200)).toEqual([]);
  expect(rssMax.station).toBeLessThan(RSS_BOUND_BYTES);
  expect(rssMax.portal).toBeLessThan(RSS_BOUND_BYTES);
}, 150_000);
