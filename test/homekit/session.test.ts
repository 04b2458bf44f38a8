// SecureSession: HAP frames (≤1024 bytes, LE length as AAD, LE counter nonce), checked against HAP-NodeJS's
// layerEncrypt/layerDecrypt as the peer, chunked delivery, and corrupt streams.
import { getRandomValues } from "node:crypto";
import fc from "fast-check";
import * as hapCrypto from "hap-nodejs/dist/lib/util/hapCrypto";
import { createNobleCrypto } from "../../homekit/crypto/noble";
import { FRAME_MAX_PLAIN_BYTES, SecureSession } from "../../homekit/session";

const crypto = createNobleCrypto((n) => getRandomValues(new Uint8Array(n)));
const readKey = () => getRandomValues(new Uint8Array(32));

function pair() {
  const a2c = readKey();
  const c2a = readKey();
  return {
    accessory: new SecureSession(crypto, { encryptKey: a2c, decryptKey: c2a }),
    controller: new SecureSession(crypto, { encryptKey: c2a, decryptKey: a2c }),
    a2c,
    c2a,
  };
}

const joined = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

describe("SecureSession", () => {
  test("3000 bytes go out as frames of 1024, 1024 and 952 with their lengths in clear", () => {
    const { accessory, controller } = pair();
    const plain = getRandomValues(new Uint8Array(3000));
    const wire = accessory.encrypt(plain);
    expect(wire.length).toBe(3000 + 3 * 18);
    expect([wire[0] | (wire[1] << 8), wire[1042] | (wire[1043] << 8), wire[2084] | (wire[2085] << 8)]).toEqual([1024, 1024, 952]);
    const { plain: out, error } = controller.decrypt(wire);
    expect(error).toBeUndefined();
    expect(out.map((p) => p.length)).toEqual([1024, 1024, 952]);
    expect(joined(out).equals(Buffer.from(plain))).toBe(true);
  });

  test("interoperates with HAP-NodeJS's layerEncrypt/layerDecrypt in both directions (peer)", () => {
    const { accessory, a2c, c2a } = pair();
    const peer = { accessoryToControllerKey: Buffer.from(c2a), controllerToAccessoryKey: Buffer.from(a2c), accessoryToControllerCount: 0, controllerToAccessoryCount: 0 };
    // HAP-NodeJS here plays the controller: its "accessoryToController" direction is what we decrypt.
    for (const size of [1, 1024, 1025, 2500]) {
      const message = getRandomValues(new Uint8Array(size));
      const fromPeer = hapCrypto.layerEncrypt(Buffer.from(message), peer as never);
      expect(joined(accessory.decrypt(new Uint8Array(fromPeer)).plain).equals(Buffer.from(message))).toBe(true);
      const toPeer = accessory.encrypt(message);
      expect(hapCrypto.layerDecrypt(Buffer.from(toPeer), peer as never).equals(Buffer.from(message))).toBe(true);
    }
  });

  test("any split of the stream into TCP chunks yields the same messages", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2100 }), { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 12 }), (sizes, cuts) => {
        const { accessory, controller } = pair();
        const messages = sizes.map((n) => getRandomValues(new Uint8Array(n)));
        const wire = joined(messages.map((m) => controller.encrypt(m)));
        const received: Uint8Array[] = [];
        let at = 0;
        for (const cut of [...cuts, wire.length]) {
          const r = accessory.decrypt(new Uint8Array(wire.subarray(at, Math.min(wire.length, at + cut))));
          expect(r.error).toBeUndefined();
          received.push(...r.plain);
          at = Math.min(wire.length, at + cut);
          if (at === wire.length) break;
        }
        expect(joined(received).equals(joined(messages))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  test("a flipped bit, an oversized length, a replayed or reordered frame poison the session for good", () => {
    const cases: ((wire: Uint8Array, extra: Uint8Array) => Uint8Array)[] = [
      (w) => { const c = w.slice(); c[10] ^= 1; return c; },
      (w) => { const c = w.slice(); c[c.length - 1] ^= 0x80; return c; },
      () => Uint8Array.of(0x01, 0x04, ...new Uint8Array(40)),
      (w) => joined([w, w]),
      (w, extra) => joined([extra, w]),
    ];
    for (const corrupt of cases) {
      const { accessory, controller } = pair();
      const wire = controller.encrypt(new Uint8Array(100).fill(7));
      const extra = controller.encrypt(new Uint8Array(5));
      const r = accessory.decrypt(corrupt(wire, extra));
      expect(r.error).toBeDefined();
      // Sticky: even a well-formed frame is refused afterwards.
      expect(accessory.decrypt(controller.encrypt(new Uint8Array(3))).error).toBe(r.error);
    }
  });

  test("frames before the corruption are still delivered with the error", () => {
    const { accessory, controller } = pair();
    const good = controller.encrypt(new Uint8Array(10).fill(1));
    const bad = controller.encrypt(new Uint8Array(10).fill(2));
    bad[5] ^= 1;
    const r = accessory.decrypt(joined([good, bad]));
    expect(r.plain.map((p) => p[0])).toEqual([1]);
    expect(r.error).toMatch(/authentication/);
  });

  test("fuzz: random bytes never throw", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 1200 }), { maxLength: 4 }), (chunks) => {
        const { accessory } = pair();
        for (const chunk of chunks) {
          const r = accessory.decrypt(chunk);
          expect(Array.isArray(r.plain)).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  test("an empty message produces no frame", () => {
    expect(pair().accessory.encrypt(new Uint8Array(0)).length).toBe(0);
    expect(FRAME_MAX_PLAIN_BYTES).toBe(1024);
  });
});
