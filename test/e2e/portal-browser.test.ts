// The set-up portal (host-sim's startPortal on real loopback ports) driven in Debian's headless Chromium.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import jsQR from "jsqr";
import { chromium, type Browser, type Page } from "playwright-core";
import { startPortal, type RunningPortal } from "../../host-sim/portal";
import { DEFAULT_SIMULATED_NETWORKS } from "../../hal/node/wifi-sim";

const HOSTILE = "<img src=x onerror=alert(1)>";
let browser: Browser;
let page: Page;
let running: RunningPortal;
let stateDir: string;
let lines: Record<string, unknown>[];
let dialogs: string[];

function stored(key: string): string | undefined {
  try {
    return readFileSync(join(stateDir, `${key}.bin`), "utf8");
  } catch {
    return undefined;
  }
}

async function waitForLine(type: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = lines.find((l) => l.type === type);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no ${type} line; got ${JSON.stringify(lines)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), "portal-e2e-"));
  lines = [];
  running = await startPortal({
    httpPort: 0,
    dnsPort: 0,
    bind: "127.0.0.1",
    stateDir,
    networks: [...DEFAULT_SIMULATED_NETWORKS, { ssid: HOSTILE, rssiDbm: -52, secure: false, password: "" }],
    restartDelayMs: 300,
    out: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // What the captive DNS does on the box: the OS probe host resolves to the portal.
      "--host-resolver-rules=MAP captive.apple.com 127.0.0.1",
    ],
  });
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: "fr-FR" });
  dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

test("the page appears from Apple's probe URL (redirect followed)", async () => {
  const response = await page.goto(`http://captive.apple.com:${running.httpPort}/hotspot-detect.html`);
  expect(response?.status()).toBe(200);
  expect(page.url()).toBe(`http://127.0.0.1:${running.httpPort}/`);
  expect(await page.title()).toBe("Délesteur — première configuration");
  const redirect = response?.request().redirectedFrom();
  expect((await redirect?.response())?.status()).toBe(302);
});

test("host-sim's captive DNS sends the probe host to the portal's address", async () => {
  const { stdout } = await promisify(execFile)("dig", ["@127.0.0.1", "-p", String(running.dnsPort), "+short", "+time=2", "+tries=1", "captive.apple.com", "A"]);
  expect(stdout.trim()).toBe(running.boxAddress);
});

test("a hostile SSID renders as visible text and runs nothing", async () => {
  await expect(page.getByText(HOSTILE, { exact: true }).isVisible()).resolves.toBe(true);
  expect(await page.locator("img").count()).toBe(0);
  expect(dialogs).toEqual([]);
  await page.screenshot({ path: join(tmpdir(), "portal-phone.png"), fullPage: true });
});

test("the QR code as the browser draws it decodes to the X-HM:// URI of the proposed code", async () => {
  // Written as a string: this runs in the page, and the project's TypeScript has no DOM library.
  const image = await page.evaluate<{ width: number; height: number; grey: string }>(`(async () => {
    const svg = document.querySelector(".qr svg");
    const img = new Image();
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext("2d");
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, canvas.width, canvas.height);
    let grey = "";
    for (let i = 0; i < data.data.length; i += 4) grey += data.data[i] < 128 ? "1" : "0";
    return { width: data.width, height: data.height, grey };
  })()`);
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0; i < image.grey.length; i++) {
    rgba.fill(image.grey[i] === "1" ? 0 : 255, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  }
  const decoded = jsQR(rgba, image.width, image.height);
  const code = await page.locator('input[name="code"]').inputValue();
  expect(code).toMatch(/^\d{3}-\d{2}-\d{3}$/);
  expect(decoded?.data).toMatch(/^X-HM:\/\/[0-9A-Z]{9}[0-9A-Z]{4}$/);
  // The 27 low bits of the base-36 payload are the code's digits.
  const payload = BigInt(parseInt(decoded!.data.slice(7, 16), 36));
  expect(Number(payload & 0x7ffffffn)).toBe(Number(code.replace(/-/g, "")));
});

test("an SSID of spaces only is refused with a message naming the field and why", async () => {
  await page.locator('input[name="ssid"][value=""]').check();
  await page.locator('input[name="ssid_hidden"]').fill("     ");
  await page.getByRole("button", { name: "Enregistrer et redémarrer" }).click();
  await page.waitForLoadState();
  await expect(page.locator(".err").innerText()).resolves.toContain("Réseau Wi-Fi : le nom doit contenir au moins un caractère visible");
  expect(stored("wifi.ssid")).toBeUndefined();
});

test("a trivial setup code is refused with a message naming the field, and nothing is stored", async () => {
  await page.getByLabel("Maison").check();
  await page.locator('input[name="psk"]').fill("correct horse battery");
  await page.locator('input[name="code"]').fill("123-45-678");
  await page.getByRole("button", { name: "Enregistrer et redémarrer" }).click();
  await page.waitForLoadState();
  await expect(page.locator(".err").innerText()).resolves.toContain("Code HomeKit : ce code est trop simple");
  expect(await page.locator('input[name="psk"]').inputValue()).toBe(""); // the password is not sent back
  expect(stored("wifi.ssid")).toBeUndefined();
});

test("a valid form is stored and the device restarts into station mode with those settings", async () => {
  await page.getByLabel("Maison").check();
  await page.locator('input[name="psk"]').fill("correct horse battery");
  await page.locator('input[name="code"]').fill("314-15-926");
  await page.getByLabel("standard (9600 bauds)").check();
  await page.locator('input[name="ap_psk"]').fill("nouveau-mdp-ap");
  await page.locator('input[name="ap_psk2"]').fill("nouveau-mdp-ap");
  await page.getByLabel("Mot de passe du propriétaire").fill("phrase du propriétaire");
  await page.getByLabel("Répétez le mot de passe", { exact: true }).fill("phrase du propriétaire");
  await page.getByRole("button", { name: "Enregistrer et redémarrer" }).click();
  await page.waitForLoadState();
  await expect(page.locator("h1").innerText()).resolves.toBe("C’est enregistré");
  const body = await page.locator("body").innerText();
  expect(body).toContain("Maison");
  expect(body).toContain("314-15-926");
  expect(body).not.toContain("correct horse battery");
  expect(body).not.toContain("phrase du propriétaire");
  await page.screenshot({ path: join(tmpdir(), "portal-phone-saved.png"), fullPage: true });
  // The owner password is at rest only as a salted PBKDF2 record.
  expect(JSON.parse(stored("auth.pw") ?? "{}")).toMatchObject({ v: 1, kdf: "pbkdf2-hmac-sha256" });
  expect(stored("auth.pw")).not.toContain("propriétaire");

  expect([stored("wifi.ssid"), stored("wifi.psk"), stored("hk.setupCode"), stored("tic.mode"), stored("ap.psk")]).toEqual([
    "Maison",
    "correct horse battery",
    "314-15-926",
    "standard",
    "nouveau-mdp-ap",
  ]);
  expect(await waitForLine("restart")).toEqual({ type: "restart", reason: "provisioned", into: "station", ssid: "Maison", ticMode: "standard" });
  expect(await waitForLine("wifi")).toEqual({ type: "wifi", state: "up", ssid: "Maison" });
  expect(await running.closed).toBe("saved");
});

test("English is one link away", async () => {
  // The portal has closed after the save: start a second one on the same state dir.
  const second = await startPortal({ httpPort: 0, dnsPort: 0, bind: "127.0.0.1", stateDir, out: () => undefined });
  try {
    await page.goto(`http://127.0.0.1:${second.httpPort}/`);
    await page.getByRole("link", { name: "English" }).click();
    await expect(page.locator("h1").innerText()).resolves.toBe("Load shedder — first set-up");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
  } finally {
    await second.close();
  }
});
