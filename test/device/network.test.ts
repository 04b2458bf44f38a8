import type { Wifi, WifiLinkState } from "../../hal/types";
import { utf8Encode } from "../../lib/bytes";
import { MemoryStore } from "../../src/device/memory-store";
import { factoryReset } from "../../src/device/factory-reset";
import { NetworkSupervisor } from "../../src/device/network";
import type { Connectivity } from "../../src/ui/led-status";
import { VirtualTime } from "../../host-sim/virtual-time";

const MIN = 60_000;

function setup(wifiStored: boolean, store = new MemoryStore()) {
  const time = new VirtualTime(Date.UTC(2026, 0, 15, 9));
  if (wifiStored) {
    store.set("wifi.ssid", utf8Encode("Maison"));
    store.set("wifi.psk", utf8Encode("secret-wpa"));
  }
  const calls: string[] = [];
  let linkHandler: ((s: WifiLinkState) => void) | undefined;
  const wifi: Wifi = {
    connect: (o) => void calls.push(`connect ${o.ssid}`),
    startAccessPoint: (o) => void calls.push(`ap ${o.ssid}`),
    scan: () => Promise.resolve([]),
    address: () => "192.168.1.20",
    onLinkChange: (h) => void (linkHandler = h),
    disconnect: () => void calls.push("disconnect"),
  };
  const shown: Connectivity[] = [];
  let paired = false;
  let portalClosed: ((reason: string) => void) | undefined;
  const supervisor = new NetworkSupervisor({
    wifi, clock: time, timers: time, store,
    logger: { log: () => undefined },
    startHap: () => {
      calls.push("hap start");
      return Promise.resolve({ linkUp: () => void calls.push("hap linkUp"), linkDown: () => void calls.push("hap linkDown") });
    },
    isPaired: () => paired,
    openPortal: (onClosed) => {
      calls.push("portal open");
      portalClosed = onClosed;
      return Promise.resolve({ close: () => void calls.push("portal close") });
    },
    onConnectivity: (c) => void shown.push(c),
  });
  return {
    time, calls, supervisor,
    link: (s: WifiLinkState) => linkHandler!(s),
    last: () => shown[shown.length - 1],
    pair: () => void (paired = true),
    closePortal: (reason: string) => portalClosed!(reason),
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("network supervisor", () => {
  test("a new box (no Wi-Fi stored) opens the set-up access point and its portal, never the station", () => {
    const n = setup(false);
    n.supervisor.start();
    expect(n.calls).toEqual(["ap JCDELESTAGE", "portal open"]);
    expect(n.last()).toBe("access-point");
  });

  test("a factory-reset box (Wi-Fi was stored) boots into the set-up access point", () => {
    const store = new MemoryStore();
    store.set("wifi.ssid", utf8Encode("Maison"));
    store.set("wifi.psk", utf8Encode("secret-wpa"));
    const before = setup(false, store);
    before.supervisor.start();
    expect(before.calls).toEqual(["connect Maison"]);
    factoryReset(store); // what the Device does on a 10 s hold, before it restarts the box
    const after = setup(false, store);
    after.supervisor.start();
    expect(after.calls).toEqual(["ap JCDELESTAGE", "portal open"]);
  });

  test("link up starts HomeKit once, later link-ups re-announce; link down drops sessions and shows Wi-Fi lost", async () => {
    const n = setup(true);
    n.supervisor.start();
    expect(n.calls).toEqual(["connect Maison"]);
    n.link("up");
    await flush();
    expect(n.last()).toBe("not-paired");
    n.pair();
    n.time.advance(2000);
    expect(n.last()).toBe("paired");
    n.link("down");
    expect(n.last()).toBe("wifi-lost");
    n.link("up");
    expect(n.calls).toEqual(["connect Maison", "hap start", "hap linkDown", "hap linkUp"]);
  });

  test("a router outage opens the AP only after the 5-minute grace, and the AP closes when the link returns", async () => {
    const n = setup(true);
    n.supervisor.start();
    n.link("up");
    await flush();
    n.link("down");
    n.time.advance(4 * MIN);
    expect(n.calls).not.toContain("portal open");
    n.time.advance(1 * MIN + 1);
    expect(n.calls.slice(-2)).toEqual(["ap JCDELESTAGE", "portal open"]);
    expect(n.last()).toBe("access-point");
    await flush();
    n.link("up");
    expect(n.calls[n.calls.length - 1]).toBe("portal close");
    expect(n.last()).toBe("not-paired");
  });

  test("a portal closed for lack of visitors reopens 30 minutes later", () => {
    const n = setup(false);
    n.supervisor.start();
    n.time.advance(10 * MIN);
    expect(n.calls).not.toContain("portal close"); // the portal decides its own idleness (it sees the visits)
    n.closePortal("idle");
    const opened = () => n.calls.filter((c) => c === "portal open").length;
    expect(opened()).toBe(1);
    n.time.advance(29 * MIN);
    expect(opened()).toBe(1);
    n.time.advance(1 * MIN);
    expect(opened()).toBe(2);
  });
});
