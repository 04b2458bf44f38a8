// Three loads on one box: a Shelly plug that stops answering, a Tasmota plug and a GPIO relay. On a red peak the
// GPIO switches in the same dispatch and the Tasmota within a round trip, whatever the hung plug does; the hung
// one shows "unreachable" with its last known state on the page and in the API, and is confirmed once it answers.
import { NodeHttpClient } from "../../hal/node/http-client";
import type { DigitalOutput } from "../../hal/types";
import { nodePlugs } from "../../host-sim/plugs";
import type { Device } from "../../src/device/device";
import { bodyText } from "../../src/net/text-response";
import { handleApi } from "../../src/web/api";
import { renderStatusPage } from "../../src/web/status-page";
import { reading } from "../app/readings";
import { virtualBox } from "../device/virtual-box";
import { FakeShelly, FakeTasmota } from "./fake-devices";

jest.setTimeout(20_000);

const client = new NodeHttpClient();
afterAll(() => client.close());

async function waitFor(what: string, check: () => boolean, withinMs = 8000): Promise<number> {
  const startedMs = Date.now();
  while (!check()) {
    if (Date.now() - startedMs > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - startedMs;
}

const loadOf = (device: Device, id: string) => device.snapshot()?.loads.find((l) => l.id === id);

test("a hung plug never delays the other loads' switching, and shows unreachable with its last known state", async () => {
  const shelly = await new FakeShelly("pw").start();
  const tasmota = await new FakeTasmota().start();
  shelly.powerW = 1480;
  const plugs = nodePlugs({ log: () => undefined }, client);
  const gpio: boolean[] = [];
  const relay: DigitalOutput = { write: (on) => void gpio.push(on) };
  try {
    const { device, time } = virtualBox({
      atIso: "2026-01-15T05:59:00+01:00",
      defaultLoads: [
        { id: "salon", name: "Salon", kind: "relay", priority: 2, nominalPowerW: 1500, outputs: [{ type: "shelly", host: shelly.host, password: "pw" }] },
        { id: "bureau", name: "Bureau", kind: "relay", priority: 2, nominalPowerW: 1000, outputs: [{ type: "tasmota", host: tasmota.host }] },
        { id: "ballon", name: "Ballon", kind: "water-heater", priority: 3, nominalPowerW: 2000 },
      ],
      parts: (core) => {
        const loads: Record<string, { kind: string; outputs: DigitalOutput[] }> = {};
        for (const load of core.settings.loads) loads[load.id] = plugs.wiringOf(load) ?? { kind: load.kind, outputs: [relay] };
        return { loads };
      },
    });
    device.start();
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "blue", period: "hc", tomorrow: "red", powerVA: 3000, subscribedVA: 12000 }) });
    await waitFor("both plugs confirm the loads running", () => loadOf(device, "salon")?.confirmed === false && loadOf(device, "bureau")?.confirmed === false);
    expect(shelly.outputs[0]).toBe(true);
    expect(tasmota.outputs[0]).toBe(true);
    expect(loadOf(device, "salon")?.measuredW).toBe(1480);

    shelly.behaviour = "silent"; // the Shelly's Wi-Fi drops: connections open, nothing comes back
    const gpioBefore = gpio.length;
    // 06:00, the red peak: the box's clock knows it (tomorrow was red) at the tick, before the meter's frame says so;
    // the GPIO relay is written inside that very dispatch, the one that sent the plugs their commands.
    time.advance(60_000);
    device.dispatch({ type: "tic-frame", reading: reading({ colour: "red", period: "hp", powerVA: 3000, subscribedVA: 12000 }) });
    expect(gpio.slice(gpioBefore)).toEqual([true]);
    for (const id of ["salon", "bureau", "ballon"]) expect(loadOf(device, id)).toMatchObject({ on: false, reason: "red_peak" });
    // The Tasmota is switched and read back in a round trip, not after the Shelly's 3 s time-out.
    const tasmotaMs = await waitFor("the Tasmota plug confirms the cut", () => loadOf(device, "bureau")?.confirmed === true);
    expect(tasmotaMs).toBeLessThan(1000);
    expect(tasmota.outputs[0]).toBe(false);
    expect(loadOf(device, "salon")).toMatchObject({ unreachable: false, confirmed: false });

    await waitFor("the Shelly times out", () => loadOf(device, "salon")?.unreachable === true, 6000);
    expect(loadOf(device, "salon")).toMatchObject({ confirmed: null, lastConfirmed: false, measuredW: null });
    const nowMs = time.nowMs();
    const fr = renderStatusPage({ lang: "fr", snapshot: device.snapshot(), nowMs }).join("");
    expect(fr).toContain("Prise injoignable — dernier état connu : en marche. La box réessaie ; les autres appareils n&#39;attendent pas.");
    const en = renderStatusPage({ lang: "en", snapshot: device.snapshot(), nowMs }).join("");
    expect(en).toContain("Plug unreachable — last known state: running. The box keeps retrying; the other loads do not wait.");
    expect(en).toContain('data-plug="confirmed"'); // the Tasmota
    const box = { nowMs: () => nowMs, snapshot: () => device.snapshot(), settings: () => ({}) as never, command: () => ({ effects: [] }) } as never;
    const answer = await handleApi({ method: "GET", path: "/api/status", query: {}, headers: {}, body: new Uint8Array(0) }, { box, auth: {} as never }, { kind: "none" });
    const api = JSON.parse(bodyText(answer.body));
    expect(api.status.loads.find((l: { id: string }) => l.id === "salon")).toMatchObject({ on: false, unreachable: true, lastConfirmed: false, confirmed: null });

    // The Shelly answers again: the retry sends the cut and reads it back.
    shelly.behaviour = "ok";
    await waitFor("the Shelly is confirmed cut", () => loadOf(device, "salon")?.confirmed === true, 8000);
    expect(shelly.outputs[0]).toBe(false);
    expect(loadOf(device, "salon")).toMatchObject({ unreachable: false, lastConfirmed: true });
    device.stop();
  } finally {
    plugs.stop();
    await Promise.all([shelly.close(), tasmota.close()]);
  }
});
