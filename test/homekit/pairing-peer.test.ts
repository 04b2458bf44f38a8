// Our PairSetup / PairVerify / pairings / SecureSession driven by hap-controller's own PairingProtocol (an independent
// controller implementation on fast-srp-hap + libsodium), message by message, without HTTP in between.
import PairingProtocol from "hap-controller/lib/protocol/pairing-protocol";
import { utf8Decode } from "../../lib/bytes";
import { PairVerify } from "../../homekit/pairing/pair-verify";
import { handlePairings } from "../../homekit/pairing/pairings-tlv";
import type { SessionKeys } from "../../homekit/pairing/types";
import { SecureSession } from "../../homekit/session";
import { TLV_ERROR } from "../../homekit/tlv";
import { SETUP_CODE, pairingFixture } from "./pairing-fixture";

const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes);
const fromBuffer = (buffer: Buffer) => new Uint8Array(buffer);

async function pairWithPeer() {
  const f = pairingFixture();
  const peer = new PairingProtocol();
  const send = async (body: Buffer) => toBuffer((await f.pairSetup.handle(1, fromBuffer(body))).response);
  const m2 = await peer.parsePairSetupM2(await send(await peer.buildPairSetupM1()));
  const m4 = await send(await peer.buildPairSetupM3(m2, SETUP_CODE));
  await peer.parsePairSetupM4(m4);
  await peer.parsePairSetupM6(await send(await peer.buildPairSetupM5()));
  const longTerm = peer.getLongTermData();
  if (!longTerm) throw new Error("hap-controller kept no long-term data");
  return { ...f, longTerm };
}

describe("against hap-controller's PairingProtocol (peer)", () => {
  test("pair-setup M1–M6: the peer accepts our proof and signature, and we store its pairing as admin", async () => {
    const { store, longTerm } = await pairWithPeer();
    expect(Buffer.from(longTerm.AccessoryPairingID, "hex").toString()).toBe(store.identity().deviceId);
    expect(longTerm.AccessoryLTPK).toBe(Buffer.from(store.identity().ltpk).toString("hex"));
    const id = Buffer.from(longTerm.iOSDevicePairingID, "hex").toString();
    expect(store.get(id)?.admin).toBe(true);
    expect(Buffer.from(store.get(id)!.ltpk).toString("hex")).toBe(longTerm.iOSDeviceLTPK);
  });

  test("a wrong code: the peer sees error Authentication at M4", async () => {
    const f = pairingFixture();
    const peer = new PairingProtocol();
    const send = async (body: Buffer) => toBuffer((await f.pairSetup.handle(1, fromBuffer(body))).response);
    const m2 = await peer.parsePairSetupM2(await send(await peer.buildPairSetupM1()));
    const m4 = await send(await peer.buildPairSetupM3(m2, "031-45-155"));
    await expect(peer.parsePairSetupM4(m4)).rejects.toMatchObject({ statusCode: TLV_ERROR.Authentication });
    expect(f.store.failedAttempts()).toBe(1);
  });

  test("pair-verify M1–M4 gives the same session keys on both sides; frames cross; the peer lists the pairing", async () => {
    const { deps, store, crypto, longTerm } = await pairWithPeer();
    const peer = new PairingProtocol(longTerm);
    const verify = new PairVerify(deps);
    let keys: SessionKeys | undefined;
    const send = async (body: Buffer) => {
      const result = await verify.handle(fromBuffer(body));
      keys = result.session ?? keys;
      return toBuffer(result.response);
    };
    await peer.parsePairVerifyM2(await send(await peer.buildPairVerifyM1()));
    await peer.parsePairVerifyM4(await send(await peer.buildPairVerifyM3()));
    const peerKeys = peer.getSessionKeys();
    expect(keys).toBeDefined();
    expect(Buffer.from(keys!.encryptKey).equals(peerKeys.AccessoryToControllerKey)).toBe(true);
    expect(Buffer.from(keys!.decryptKey).equals(peerKeys.ControllerToAccessoryKey)).toBe(true);

    const accessory = new SecureSession(crypto, keys!);
    const phone = new SecureSession(crypto, { encryptKey: fromBuffer(peerKeys.ControllerToAccessoryKey), decryptKey: fromBuffer(peerKeys.AccessoryToControllerKey) });
    const request = new TextEncoder().encode("GET /accessories HTTP/1.1\r\n\r\n");
    expect(utf8Decode(accessory.decrypt(phone.encrypt(request)).plain[0])).toBe("GET /accessories HTTP/1.1\r\n\r\n");

    const list = await peer.parseListPairingsM2(toBuffer(handlePairings({ store }, keys!, fromBuffer(await peer.buildListPairingsM1())).response));
    expect(list.get(1)?.toString()).toBe(keys!.controllerId);
  });
});
