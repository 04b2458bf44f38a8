// Acceptance: our HAP server on 127.0.0.1, driven by the third-party controller library hap-controller.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ed25519 } from "@noble/curves/ed25519.js";
import { startHomeKit, type HomeKitHandle } from "../../host-sim/homekit";
import { FakeBinding } from "../homekit/support/fake-binding";
import { HttpClient, settle, waitFor } from "../homekit/support/hap-client";
import type { ServiceAdvertisement, ServiceAdvertiser } from "../../hal/types";

const CODE = "101-48-005";
// Instance ids from the accessory tree (asserted in test/homekit/database.test.ts).
const CURRENT_STATE = "1.11";
const TARGET_STATE = "1.12";
const TARGET_TEMPERATURE = "1.14";
const TOMORROW = "1.18";

type EventBody = { characteristics: { aid: number; iid: number; value: unknown }[] };

class RecordingAdvertiser implements ServiceAdvertiser {
  advertised: ServiceAdvertisement | undefined;
  txts: Record<string, string>[] = [];
  advertise(service: ServiceAdvertisement): void {
    this.advertised = service;
    this.txts.push(service.txt);
  }
  updateTxt(txt: Record<string, string>): void {
    this.txts.push(txt);
  }
  reannounce(): void {}
  stop(): void {}
}

const silent = { log: () => undefined };

describe("HomeKit end to end with hap-controller", () => {
  let dir: string;
  let hk: HomeKitHandle;
  let binding: FakeBinding;
  let advertiser: RecordingAdvertiser;
  let pairingData: unknown;
  const clients: HttpClient[] = [];

  const start = async () => {
    advertiser = new RecordingAdvertiser();
    hk = await startHomeKit({ port: 0, bind: "127.0.0.1", stateDir: dir, setupCode: CODE, mdns: false, binding, advertiser, logger: silent, print: () => undefined, pollIntervalMs: 0 });
  };
  const client = (data?: unknown, options?: { usePersistentConnections?: boolean; subscriptionsUseSameConnection?: boolean }) => {
    const c = new HttpClient(hk.deviceId, "127.0.0.1", hk.port, data as never, options);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hap-e2e-"));
    binding = new FakeBinding();
    await start();
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await hk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("unpaired: advertised with sf=1, identify answers 204", async () => {
    expect(advertiser.advertised).toMatchObject({ type: "hap", protocol: "tcp", port: hk.port });
    expect(advertiser.txts[0]).toMatchObject({ sf: "1", ci: "9", "c#": "1", pv: "1.1", id: hk.deviceId });
    await client().identify();
    expect(binding.identified).toBe(1);
  });

  test("a wrong setup code is refused with Authentication (2)", async () => {
    await expect(client().pairSetup("222-33-444")).rejects.toMatchObject({ statusCode: 2 });
  });

  test("pair-setup with the code succeeds; the TXT record flips to sf=0", async () => {
    const c = client();
    await c.pairSetup(CODE);
    pairingData = c.getLongTermData();
    expect(hk.paired()).toBe(true);
    expect(advertiser.txts[advertiser.txts.length - 1].sf).toBe("0");
  });

  test("a second pair-setup is refused with Unavailable (6); identify now answers 400", async () => {
    await expect(client().pairSetup(CODE)).rejects.toMatchObject({ statusCode: 6 });
    await expect(client().identify()).rejects.toMatchObject({ statusCode: 400 });
  });

  test("verify, list accessories, read with meta", async () => {
    const c = client(pairingData);
    const accessories = (await c.getAccessories()) as { accessories: { aid: number; services: { type: string }[] }[] };
    expect(accessories.accessories[0].aid).toBe(1);
    expect(accessories.accessories[0].services.map((s) => s.type.slice(0, 8))).toEqual(["0000003E", "000000A2", "0000004A", "00000080"]);
    const read = (await c.getCharacteristics([TARGET_STATE, TOMORROW], { meta: true, perms: true, type: true, ev: true })) as {
      characteristics: Record<string, unknown>[];
    };
    expect(read.characteristics[0]).toMatchObject({ aid: 1, iid: 12, value: 3, "valid-values": [1, 3], perms: ["pr", "pw", "ev"], ev: false });
    expect(read.characteristics[1]).toMatchObject({ aid: 1, iid: 18, value: 0 });
  });

  test("write HEAT then AUTO reaches the binding", async () => {
    const c = client(pairingData);
    await c.setCharacteristics({ [TARGET_STATE]: 1 });
    expect(binding.state.target).toBe("HEAT");
    expect(((await c.getCharacteristics([TARGET_STATE])) as EventBody).characteristics[0].value).toBe(1);
    await c.setCharacteristics({ [TARGET_STATE]: 3 });
    expect(binding.state.target).toBe("AUTO");
    expect(binding.writes.map((w) => w.mode)).toEqual(["HEAT", "AUTO"]);
  });

  test("invalid target (2 = COOL) is refused: 207 with -70410, nothing reaches the binding", async () => {
    const before = binding.writes.length;
    const result = (await client(pairingData).setCharacteristics({ [TARGET_STATE]: 2 })) as { characteristics: { status: number }[] };
    expect(result.characteristics[0].status).toBe(-70410);
    expect(binding.writes.length).toBe(before);
    const readOnly = (await client(pairingData).setCharacteristics({ [CURRENT_STATE]: 1, [TARGET_TEMPERATURE]: 21.5 })) as { characteristics: { iid: unknown; status: number }[] };
    expect(readOnly.characteristics.map((r) => r.status)).toEqual([-70404, 0]);
    expect(binding.state.targetTemperatureC).toBe(21.5);
  });

  test("events: a second session hears the write, the writer does not; an app-side change reaches both", async () => {
    const writer = client(pairingData, { usePersistentConnections: true, subscriptionsUseSameConnection: true });
    const listener = client(pairingData);
    const writerEvents: EventBody[] = [];
    const listenerEvents: EventBody[] = [];
    writer.on("event", (e: EventBody) => writerEvents.push(e));
    listener.on("event", (e: EventBody) => listenerEvents.push(e));
    await writer.subscribeCharacteristics([TARGET_STATE, CURRENT_STATE]);
    await listener.subscribeCharacteristics([TARGET_STATE, CURRENT_STATE, TOMORROW]);

    await writer.setCharacteristics({ [TARGET_STATE]: 1 });
    await waitFor(() => listenerEvents.length > 0, "the listener's event");
    expect(listenerEvents[0].characteristics).toEqual([{ aid: 1, iid: 12, value: 1 }]);
    await settle();
    expect(writerEvents).toEqual([]);

    binding.state.current = "OFF";
    binding.state.tomorrowExpensive = true;
    hk.server.refresh();
    await waitFor(() => writerEvents.length > 0 && listenerEvents.length > 1, "app-side change events");
    expect(writerEvents[0].characteristics).toEqual([{ aid: 1, iid: 11, value: 0 }]);
    // Coalesced: both changes in one EVENT message for the listener.
    expect(listenerEvents[1].characteristics).toEqual([
      { aid: 1, iid: 11, value: 0 },
      { aid: 1, iid: 18, value: 1 },
    ]);
    await writer.setCharacteristics({ [TARGET_STATE]: 3 });
    await waitFor(() => listenerEvents.length > 2, "AUTO event");
    await writer.unsubscribeCharacteristics([TARGET_STATE, CURRENT_STATE]);
    await listener.unsubscribeCharacteristics([TARGET_STATE, CURRENT_STATE, TOMORROW]);
  });

  test("HEAT refused by the engine (red peak): 204, then AUTO is sent to every subscriber, the writer included", async () => {
    binding.refuseHeat = true;
    const writer = client(pairingData, { usePersistentConnections: true, subscriptionsUseSameConnection: true });
    const other = client(pairingData);
    const writerEvents: EventBody[] = [];
    const otherEvents: EventBody[] = [];
    writer.on("event", (e: EventBody) => writerEvents.push(e));
    other.on("event", (e: EventBody) => otherEvents.push(e));
    await writer.subscribeCharacteristics([TARGET_STATE]);
    await other.subscribeCharacteristics([TARGET_STATE]);
    const answer = await writer.setCharacteristics({ [TARGET_STATE]: 1 });
    // hap-controller returns the request document on 204 (no per-entry status): the write was accepted.
    expect((answer as { characteristics: { status?: number }[] }).characteristics[0].status).toBeUndefined();
    await waitFor(() => writerEvents.length > 0 && otherEvents.length > 0, "corrective AUTO events");
    expect(writerEvents[0].characteristics).toEqual([{ aid: 1, iid: 12, value: 3 }]);
    expect(otherEvents[0].characteristics).toEqual([{ aid: 1, iid: 12, value: 3 }]);
    expect(binding.state.target).toBe("AUTO");
    binding.refuseHeat = false;
  });

  test("pairings: add a second controller, list both, remove it", async () => {
    const c = client(pairingData);
    const otherKey = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
    await c.addPairing("11111111-2222-3333-4444-555555555555", Buffer.from(otherKey), false);
    expect(hk.server.txt().sf).toBe("0");
    const ids = (await listIds(c)).sort();
    expect(ids).toContain("11111111-2222-3333-4444-555555555555");
    expect(ids).toHaveLength(2);
    // hap-controller reads a string identifier as hex: hand it the UTF-8 bytes.
    await c.removePairing(Buffer.from("11111111-2222-3333-4444-555555555555") as never);
    expect(await listIds(c)).toHaveLength(1);
  });

  test("restart on the same state directory keeps the pairing: verify works without re-pairing", async () => {
    for (const c of clients.splice(0)) await c.close().catch(() => undefined);
    const oldDeviceId = hk.deviceId;
    await hk.close();
    await start();
    expect(hk.deviceId).toBe(oldDeviceId);
    expect(hk.paired()).toBe(true);
    expect(advertiser.txts[0]).toMatchObject({ sf: "0", "c#": "1" });
    const read = (await client(pairingData).getCharacteristics([TARGET_STATE])) as EventBody;
    expect(read.characteristics[0].value).toBe(3);
  });

  test("removing the last admin unpairs (sf=1, sessions closed) and a new pair-setup works", async () => {
    const c = client(pairingData);
    const ownId = Buffer.from((pairingData as { iOSDevicePairingID: string }).iOSDevicePairingID, "hex").toString("utf8");
    await c.removePairing(Buffer.from(ownId) as never);
    await waitFor(() => !hk.paired(), "unpaired");
    expect(advertiser.txts[advertiser.txts.length - 1].sf).toBe("1");
    await waitFor(() => hk.server.connectionCount === 0, "sessions closed");
    const fresh = client();
    await fresh.pairSetup(CODE);
    pairingData = fresh.getLongTermData();
    expect(hk.paired()).toBe(true);
  });
});

/** Identifiers from a /pairings list: hap-controller returns the decoded TLV map, repeated types as arrays. */
async function listIds(c: HttpClient): Promise<string[]> {
  const tlv = (await c.listPairings()) as unknown as Map<number, Buffer | Buffer[]>;
  const ids = tlv.get(1);
  return (Array.isArray(ids) ? ids : ids ? [ids] : []).map((b) => b.toString("utf8"));
}
