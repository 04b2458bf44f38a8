// decideNetworkMode driven through time tables: a tiny shell applies each decision, as the device does.
import { decideNetworkMode, PROVISIONING, type NetworkDecision, type NetworkFacts, type NetworkReason } from "../../src/device/network-mode";

type Event = "boot" | "link-up" | "link-down" | "visit" | "wifi-stored" | "tick";
/** [minutes since boot, event, expected station, expected access point, expected reason] */
type Row = [number, Event, boolean, boolean, NetworkReason];

const MIN = 60_000;

function play(wifiStoredAtBoot: boolean, rows: Row[]): void {
  const facts: NetworkFacts = { nowMs: 0, wifiStored: wifiStoredAtBoot, stationUp: false, stationDownSinceMs: 0 };
  for (const [minute, event, station, accessPoint, reason] of rows) {
    const nowMs = minute * MIN;
    facts.nowMs = nowMs;
    if (event === "link-up") facts.stationUp = true;
    if (event === "link-down") {
      facts.stationUp = false;
      facts.stationDownSinceMs = nowMs;
    }
    if (event === "visit" && facts.accessPoint) facts.accessPoint.lastVisitMs = nowMs;
    if (event === "wifi-stored") facts.wifiStored = true;
    const decision: NetworkDecision = decideNetworkMode(facts);
    expect({ minute, event, station: decision.station, accessPoint: decision.accessPoint, reason: decision.reason }).toEqual({
      minute,
      event,
      station,
      accessPoint,
      reason,
    });
    // The shell applies the decision.
    if (decision.accessPoint && !facts.accessPoint) facts.accessPoint = { openedAtMs: nowMs };
    if (!decision.accessPoint && facts.accessPoint) {
      if (decision.reason.endsWith("portal-idle")) facts.apIdleClosedAtMs = nowMs;
      facts.accessPoint = undefined;
    }
    if (decision.recheckAtMs !== undefined) expect(decision.recheckAtMs).toBeGreaterThan(nowMs);
  }
}

test("a new box opens the access point and closes it after 10 minutes without a visitor, reopening 30 minutes later", () => {
  play(false, [
    [0, "boot", false, true, "no-wifi-stored"],
    [4, "visit", false, true, "no-wifi-stored"],
    [13.9, "tick", false, true, "no-wifi-stored"], // 9.9 min after the visit
    [14, "tick", false, false, "no-wifi-portal-idle"],
    [30, "tick", false, false, "no-wifi-portal-idle"],
    [44, "tick", false, true, "no-wifi-stored"], // 30 min after the close
    [53, "visit", false, true, "no-wifi-stored"],
    [62, "tick", false, true, "no-wifi-stored"],
  ]);
});

test("a stored network that comes up keeps the box in station mode only", () => {
  play(true, [
    [0, "boot", true, false, "joining"],
    [0.5, "link-up", true, false, "connected"],
    [600, "tick", true, false, "connected"],
  ]);
});

test("a router reboot (3 min outage) never opens the access point", () => {
  play(true, [
    [0, "link-up", true, false, "connected"],
    [60, "link-down", true, false, "joining"],
    [62.9, "tick", true, false, "joining"],
    [63, "link-up", true, false, "connected"],
  ]);
});

test("a long outage opens the AP while the station keeps retrying, and the AP closes as soon as the network is back", () => {
  play(true, [
    [0, "link-up", true, false, "connected"],
    [10, "link-down", true, false, "joining"],
    [10 + PROVISIONING.STATION_GRACE_MS / MIN, "tick", true, true, "unreachable"],
    [25, "tick", true, false, "unreachable-portal-idle"], // nobody came: closed, station still retrying
    [40, "tick", true, false, "unreachable-portal-idle"],
    [55, "tick", true, true, "unreachable"], // reopened 30 min after the idle close
    [58, "link-up", true, false, "connected"],
  ]);
});

test("after a factory reset (no Wi-Fi stored) the AP opens; once saved the next boot joins", () => {
  play(false, [
    [0, "boot", false, true, "no-wifi-stored"],
    [2, "visit", false, true, "no-wifi-stored"],
    [3, "wifi-stored", true, false, "joining"],
    [3.2, "link-up", true, false, "connected"],
  ]);
});
