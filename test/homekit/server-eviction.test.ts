// HapServer's eviction order on a virtual clock (in-memory network): a pairing step awaited is protected for the
// handshake window only, once per connection; sessions go last and never below HAP's 8; events wait while a session's
// peer does not read. Plus the policy's order itself, on plain records.
import { evictionVictim, SOCKET_LIMITS, STANDING, type Standing } from "../../lib/socket-policy";
import { TestController } from "./pairing-controller";
import { crypto, pairAndVerify, rig, TLV8, type Check } from "./server-scenarios";
import { WireClient } from "./support/hap-wire";
import { drain } from "./support/memory-network";

const check: Check = {
  equal: (actual, expected, message) => expect({ [message]: actual }).toEqual({ [message]: expected }),
  ok: (condition, message) => expect({ [message]: Boolean(condition) }).toEqual({ [message]: true }),
};

describe("the eviction order (lib/socket-policy)", () => {
  const c = (name: string, standing: Standing, lastProgress: number) => ({ name, standing, lastProgress });
  const victim = (...cs: ReturnType<typeof c>[]) => evictionVictim(cs, SOCKET_LIMITS.homekit)?.name;

  test("spent before idle, oldest progress first; handshakes and busy never; sessions only above the kept 8", () => {
    expect(victim(c("idle-old", STANDING.idle, 1), c("spent-new", STANDING.spent, 9))).toBe("spent-new");
    expect(victim(c("idle-new", STANDING.idle, 5), c("idle-old", STANDING.idle, 2))).toBe("idle-old");
    expect(victim(c("hs", STANDING.handshake, 1), c("busy", STANDING.busy, 2))).toBeUndefined();
    const sessions = Array.from({ length: 8 }, (_, i) => c(`s${i}`, STANDING.session, 10 + i));
    expect(victim(...sessions)).toBeUndefined();
    expect(victim(...sessions, c("s-old", STANDING.session, 3))).toBe("s-old");
    expect(victim(...sessions, c("s-old", STANDING.session, 3), c("idle", STANDING.idle, 99))).toBe("idle");
  });
});

describe("HapServer eviction on a virtual clock", () => {
  test("a pair-verify awaiting M3 is protected for handshakeMs from its first step, then goes like any idle one", async () => {
    const r = await rig({ maxConnections: 2 });
    const verifying = new WireClient(r.network);
    const m2 = await verifying.request("POST", "/pair-verify", new TestController(crypto, "C").pairVerifyM1(), TLV8);
    check.equal(m2.status, 200, "M2 answered");
    const idle = new WireClient(r.network);
    await drain(20);
    const newcomer = new WireClient(r.network);
    await drain(20);
    check.equal([verifying.client.closed, idle.client.closed, newcomer.client.closed], [false, true, false], "the idle one went, not the handshake");
    r.timers.advance(SOCKET_LIMITS.homekit.handshakeMs - 1);
    const second = new WireClient(r.network);
    await drain(20);
    check.equal([verifying.client.closed, newcomer.client.closed], [false, true], "still protected 1 ms before the window ends");
    r.timers.advance(1);
    const third = new WireClient(r.network);
    await drain(20);
    check.equal([verifying.client.closed, second.client.closed], [true, false], "at the window's end it is the oldest idle, and goes");
    // Once per connection: a peer re-sending M1 gets no new window.
    const again = new WireClient(r.network);
    await drain(20);
    await again.request("POST", "/pair-verify", new TestController(crypto, "D").pairVerifyM1(), TLV8);
    r.timers.advance(SOCKET_LIMITS.homekit.handshakeMs);
    await again.request("POST", "/pair-verify", new TestController(crypto, "D").pairVerifyM1(), TLV8);
    const fourth = new WireClient(r.network);
    await drain(20);
    check.equal([third.client.closed, again.client.closed], [true, false], "the other idle one goes first (older progress)");
    const fifth = new WireClient(r.network);
    await drain(20);
    check.equal([again.client.closed, fourth.client.closed, fifth.client.closed], [true, false, false], "then the re-sender: unprotected");
    await r.server.close();
  });

  test("9 sessions at a limit of 9: a newcomer evicts the longest-silent session, never one of the last 8", async () => {
    const r = await rig({ maxConnections: 9 });
    const { sessions } = await pairAndVerify(r, check, 9);
    await drain(20);
    // The pairing connection is idle and unverified: it goes first.
    check.equal(r.server.connectionCount, 9, "full: 9 sessions (the pairing connection made room for the 9th)");
    for (const s of sessions.slice(1)) check.equal((await s.request("GET", "/accessories")).status, 200, "recent traffic");
    const newcomer = new WireClient(r.network);
    await drain(20);
    check.equal(sessions.map((s) => s.client.closed), [true, false, false, false, false, false, false, false, false], "the silent one went");
    const another = new WireClient(r.network);
    await drain(20);
    check.equal([newcomer.client.closed, another.client.closed], [true, false], "then the idle newcomer, not a 9th session");
    check.ok(sessions.slice(1).every((s) => !s.client.closed), "8 sessions kept");
    await r.server.close();
  });
});
