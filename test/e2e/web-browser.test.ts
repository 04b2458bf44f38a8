// The box's web page in station mode: the real host-sim CLI (npm start) on loopback, driven in Debian's headless Chromium.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { HostSim } from "./host-sim-process";
import { freePort, ownerLogin, pageCsrfToken, phoneBrowser } from "./web-support";

const HOSTILE = `<img src=x onerror=alert(1)>"'&`;
let browser: Browser;
let page: Page;
let sim: HostSim | undefined;
let stateDir: string;
let base: string;
let dialogs: string[];

async function startSim(port: number): Promise<void> {
  sim = new HostSim(["--hap-port", "0", "--bind", "127.0.0.1", "--no-mdns", "--http-port", String(port), "--state-dir", stateDir]);
  const web = await sim.waitFor((l) => l.type === "web");
  expect(web.url).toBe(`http://127.0.0.1:${port}/`);
  // The page shows the meter's colour once the simulated meter has sent its first frame.
  await sim.waitFor((l) => l.type === "tariff" && l.colour === "blue");
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), "web-e2e-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  await startSim(port);
  ({ browser, page, dialogs } = await phoneBrowser());
  // The first visit of the settings page chooses the owner password; every change below needs the login.
  await ownerLogin(page, base);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.kill();
  rmSync(stateDir, { recursive: true, force: true });
});

test("the status page, in French, shows every load with its state and reason (logged in: with its forms)", async () => {
  const response = await page.goto(`${base}/`);
  expect(response?.status()).toBe(200);
  expect(await page.title()).toBe("Délesteur");
  const loads = page.locator("section.load");
  expect(await loads.count()).toBe(3);
  for (const id of ["salon", "chambres", "chauffe-eau"]) {
    const reason = page.locator(`section[data-load="${id}"] .reason`);
    expect(await reason.getAttribute("data-reason")).toMatch(/^(normal|budget|rotation|red_peak|white_peak|overload|heat_mode)$/);
    expect((await reason.textContent())?.length).toBeGreaterThan(3);
  }
  expect(await page.locator("#today").textContent()).toBe("bleu");
});

test("switching to HEAT on a blue day works, and back to AUTO", async () => {
  await page.goto(`${base}/?lang=en`);
  await page.click("#mode-switch");
  await page.waitForURL(/notice=heat/);
  expect(await page.locator("#mode").getAttribute("data-mode")).toBe("HEAT");
  expect(await page.locator("#notice").textContent()).toBe("HEAT mode on.");
  await sim?.waitFor((l) => l.type === "mode" && l.mode === "HEAT");
  await page.click("#mode-switch");
  await page.waitForURL(/notice=auto/);
  expect(await page.locator("#mode").getAttribute("data-mode")).toBe("AUTO");
});

test("a bad setting (priority 7) is refused with a message naming the field; nothing is saved", async () => {
  await page.goto(`${base}/settings?lang=en`);
  await page.fill('input[name="loads[0].priority"]', "7");
  await Promise.all([page.waitForLoadState("load"), page.click("#save")]);
  const error = page.locator('#errors li[data-field="loads[0].priority"]');
  expect(await error.textContent()).toBe("Salon — Priority (0 never shed … 4 shed first) : must be between 0 and 4, got 7");
  expect(await page.locator('input[name="loads[0].priority"]').inputValue()).toBe("7");
  const api = await page.request.get(`${base}/api/settings`);
  expect((await api.json()).loads[0].priority).toBe(2);
});

test("a hostile load name renders as text, runs nothing, and a good change survives a host-sim restart", async () => {
  await page.goto(`${base}/settings?lang=en`);
  await page.fill('input[name="loads[0].name"]', HOSTILE);
  await page.fill('input[name="loads[0].priority"]', "1");
  await page.fill('input[name="heatDurationMin"]', "90");
  await page.click("#save");
  await page.waitForURL(/saved=1/);
  expect(await page.locator("#notice").textContent()).toBe("Settings saved.");
  await page.goto(`${base}/?lang=en`);
  expect(await page.locator('section[data-load="salon"] .name').textContent()).toBe(HOSTILE);
  expect(await page.locator("img").count()).toBe(0);
  expect(dialogs).toEqual([]);

  const port = Number(new URL(base).port);
  await sim?.kill();
  await startSim(port);
  await ownerLogin(page, base); // sessions live in RAM: a restart logs out; the password stays
  await page.goto(`${base}/settings?lang=en`);
  expect(await page.locator('input[name="loads[0].name"]').inputValue()).toBe(HOSTILE);
  expect(await page.locator('input[name="loads[0].priority"]').inputValue()).toBe("1");
  expect(await page.locator('input[name="heatDurationMin"]').inputValue()).toBe("90");
  await page.goto(`${base}/`);
  await page.screenshot({ path: join(tmpdir(), "web-phone.png"), fullPage: true });
}, 60_000);

test("forcing a load off from its card shows it off, forced, with the end time; the JSON API agrees", async () => {
  await page.goto(`${base}/?lang=en`);
  const card = page.locator('section[data-load="chauffe-eau"]');
  await card.locator('select[name="override"]').selectOption("off");
  await card.locator('input[name="hours"]').fill("1");
  await card.locator("button").click();
  await page.waitForURL(/notice=override/);
  const after = page.locator('section[data-load="chauffe-eau"]');
  expect(await after.getAttribute("data-on")).toBe("false");
  expect(await after.locator(".reason").getAttribute("data-reason")).toBe("forced_off");
  expect(await after.locator(".warn").textContent()).toMatch(/^forced off until \d\d:\d\d$/);
  const status = await (await page.request.get(`${base}/api/status`)).json();
  expect(status.csrfToken).toBeUndefined(); // the open status hands out no token
  const token = await pageCsrfToken(page);
  const load = status.status.loads.find((l: { id: string }) => l.id === "chauffe-eau");
  expect(load.override).toBe("off");
  const back = await page.request.post(`${base}/api/loads/chauffe-eau/override`, { data: { override: "auto" }, headers: { "X-CSRF-Token": token } });
  expect(back.status()).toBe(200);
  expect((await back.json()).override).toBe("auto");
});

test("a form posted from another origin, or without the page's token, is refused", async () => {
  await page.goto(`${base}/?lang=en`);
  const token = await pageCsrfToken(page);
  const stale = await page.request.post(`${base}/mode`, { form: { mode: "HEAT", csrf: "0".repeat(32) } });
  expect(stale.status()).toBe(403);
  const foreign = await page.request.post(`${base}/mode`, { form: { mode: "HEAT", csrf: token }, headers: { Origin: "http://evil.example" } });
  expect(foreign.status()).toBe(403);
  const status = await (await page.request.get(`${base}/api/status`)).json();
  expect(status.status.mode).toBe("AUTO");
});

test("a load added in the blank fieldset saves with its kind's own fields shown, and its remove box takes it away", async () => {
  await page.goto(`${base}/settings?lang=en`);
  const blank = page.locator("fieldset[data-load-new]");
  await blank.locator('input[name="loads[3].id"]').fill("garage");
  await blank.locator('input[name="loads[3].name"]').fill("Garage");
  await blank.locator('select[name="loads[3].kind"]').selectOption("water-heater");
  await blank.locator('input[name="loads[3].nominalPowerW"]').fill("1200");
  await blank.locator('input[name="loads[3].shedBy.white_peak"]').uncheck();
  await save();
  const added = (await (await page.request.get(`${base}/api/settings`)).json()).loads[3];
  expect(added).toMatchObject({ id: "garage", kind: "water-heater", nominalPowerW: 1200, shedBy: ["red_peak", "overload"], targetTemperatureC: 55 });
  await page.locator('input[name="loads[3].targetTemperatureC"]').fill("65");
  await save();
  expect((await (await page.request.get(`${base}/api/settings`)).json()).loads[3].targetTemperatureC).toBe(65);
  await page.locator('fieldset[data-load="garage"] input[name="loads[3].remove"]').check();
  await save();
  const ids = (await (await page.request.get(`${base}/api/settings`)).json()).loads.map((l: { id: string }) => l.id);
  expect(ids).toEqual(["salon", "chambres", "chauffe-eau"]);
});

/** Save the settings form and wait for the page the redirect leads to (the URL may already say saved=1). */
async function save(): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.url().includes("saved=1") && r.request().method() === "GET"), page.click("#save")]);
}
