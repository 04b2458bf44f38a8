// HapServer robustness on a virtual clock, written once and run by jest and on XS: the pair-setup slot time-out,
// idle unverified connections, eviction at the limit, link loss and timed writes. No wall-clock time anywhere.
import { utf8Encode } from "../../lib/bytes";
import { PAIR_METHOD, PAIR_STATE, TLV, TLV_ERROR, decodeTlv, encodeTlv, tlvByte, tlvItemByte } from "../../homekit/tlv";
import { PAIR_VERIFY_WAITING_MAX } from "../../homekit/pairing/verify-gate";
import { TestController, runPairSetup, runPairVerify } from "./pairing-controller";
import { CODE, TLV8, crypto, pairAndVerify, pairAndVerifyAgain, rig, type Check, type Scenario } from "./server-scenarios";
import { WireClient, json } from "./support/hap-wire";
import { drain } from "./support/memory-network";

const M1 = encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M1), tlvItemByte(TLV.Method, PAIR_METHOD.PairSetup)]);
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

async function pairSetupM1(wire: WireClient): Promise<{ state: number | undefined; error: number | undefined }> {
  const items = decodeTlv((await wire.request("POST", "/pair-setup", M1, TLV8)).body).items;
  return { state: tlvByte(items, TLV.State), error: tlvByte(items, TLV.Error) };
}

/** Pair a new controller on `wire`, moving the virtual clock `gapMs` before each of its steps. */
async function pairWithGaps(wire: WireClient, advance: (ms: number) => void, gapMs: number): Promise<boolean> {
  const controller = new TestController(crypto, "CONTROLLER-B");
  const outcome = await runPairSetup(controller, async (body) => {
    advance(gapMs);
    return (await wire.request("POST", "/pair-setup", body, TLV8)).body;
  }, CODE);
  return outcome.ok;
}

async function put(wire: WireClient, path: string, body: string): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const reply = await wire.request("PUT", path, body);
  return { status: reply.status, body: reply.body.length > 0 ? json(reply) : undefined };
}

export const robustnessScenarios: Scenario[] = [
  {
    name: "a controller stalled mid pair-setup owns the slot for its 30 s; then another one's M1 takes it over and pairs",
    async run(check: Check) {
      const r = await rig({ pairSetupLimitMs: 30_000 });
      const stalled = new WireClient(r.network);
      const other = new WireClient(r.network);
      check.equal(await pairSetupM1(stalled), { state: PAIR_STATE.M2, error: undefined }, "stalled controller gets M2");
      check.equal((await pairSetupM1(other)).error, TLV_ERROR.Busy, "the other is Busy at once");
      r.timers.advance(29_999);
      check.equal((await pairSetupM1(other)).error, TLV_ERROR.Busy, "still Busy 1 ms before the limit");
      r.timers.advance(1);
      check.ok(await pairWithGaps(other, (ms) => r.timers.advance(ms), 0), "at the limit the other controller takes over and pairs");
      check.equal(r.store.isPaired(), true, "paired");
      const late = decodeTlv((await stalled.request("POST", "/pair-setup", encodeTlv([tlvItemByte(TLV.State, PAIR_STATE.M3)]), TLV8)).body).items;
      check.equal([tlvByte(late, TLV.State), tlvByte(late, TLV.Error)], [PAIR_STATE.M4, TLV_ERROR.Unknown], "the stalled one's late M3 is refused");
      await r.server.close();
    },
  },
  {
    name: "past the 30 s limit a slow controller (25 s before each of its 3 steps) still pairs while nobody else asks",
    async run(check: Check) {
      const r = await rig({ pairSetupLimitMs: 30_000 });
      const slow = new WireClient(r.network);
      check.ok(await pairWithGaps(slow, (ms) => r.timers.advance(ms), 25_000), "paired across 3 steps of 25 s, past its limit");
      check.equal(r.timers.nowMs, 75_000, "75 virtual seconds went by");
      check.equal(r.store.isPaired(), true, "paired");
      await r.server.close();
    },
  },
  {
    name: "an unverified connection silent for unverifiedIdleMs is closed; traffic keeps it; verified sessions stay for days",
    async run(check: Check) {
      const r = await rig({ unverifiedIdleMs: MINUTE_MS });
      const { sessions } = await pairAndVerify(r, check, 1);
      const silent = new WireClient(r.network);
      const chatty = new WireClient(r.network);
      await drain(20);
      r.timers.advance(MINUTE_MS - 1);
      check.equal(await chatty.request("GET", "/nope").then((m) => m.status), 404, "chatty speaks at 59.999 s");
      await drain(20);
      check.ok(!silent.client.closed, "silent still open 1 ms before its time-out");
      r.timers.advance(1);
      await drain(20);
      check.ok(silent.client.closed, "silent closed at the time-out");
      check.ok(!chatty.client.closed, "chatty's clock restarted with its request");
      r.timers.advance(MINUTE_MS);
      await drain(20);
      check.ok(chatty.client.closed, "chatty closed a minute after its last answer");
      r.timers.advance(DAY_MS);
      await drain(20);
      check.ok(!sessions[0].client.closed, "the verified session is still open a day later");
      check.equal((await sessions[0].request("GET", "/accessories")).status, 200, "and still answers");
      check.equal(r.server.connectionCount, 1, "only the session is left");
      await r.server.close();
    },
  },
  {
    name: "at the connection limit the OLDEST idle unverified connection is evicted, not a newer one",
    async run(check: Check) {
      const r = await rig({ maxConnections: 3 });
      const { sessions } = await pairAndVerify(r, check, 1);
      await drain(20);
      const older = new WireClient(r.network);
      await drain(20);
      const newer = new WireClient(r.network);
      await drain(20);
      const newcomer = new WireClient(r.network);
      await drain(20);
      check.equal([older.client.closed, newer.client.closed, newcomer.client.closed, sessions[0].client.closed], [true, false, false, false], "older evicted");
      check.equal(r.server.connectionCount, 3, "still at the limit, not above");
      await r.server.close();
    },
  },
  {
    name: "link down drops every session, keeps pairings; link up re-announces; controllers verify again",
    async run(check: Check) {
      const r = await rig();
      const { sessions } = await pairAndVerify(r, check, 2);
      const reannouncedBefore = r.advertiser.reannounced;
      r.server.linkDown();
      await sessions[0].waitFor(() => sessions[0].client.closed && sessions[1].client.closed, "sessions closed");
      check.equal(r.server.connectionCount, 0, "no connection left");
      check.equal(r.store.isPaired(), true, "pairing kept");
      check.equal(r.advertiser.reannounced, reannouncedBefore, "nothing announced while the link is down");
      r.server.linkUp();
      check.equal(r.advertiser.reannounced, reannouncedBefore + 1, "re-announced on link up");
      check.equal(r.advertiser.txts[r.advertiser.txts.length - 1].sf, "0", "TXT still says paired");
      const again = await pairAndVerifyAgain(r, check);
      check.equal((await again.request("GET", "/accessories")).status, 200, "the controller's new session works");
      await r.server.close();
    },
  },
  {
    name: "link down also ends a pair-setup in progress: after link up another controller gets M2, not Busy",
    async run(check: Check) {
      const r = await rig({ pairSetupLimitMs: 30_000 });
      const holder = new WireClient(r.network);
      check.equal((await pairSetupM1(holder)).state, PAIR_STATE.M2, "holder gets M2");
      r.server.linkDown();
      await holder.waitFor(() => holder.client.closed, "holder closed");
      r.server.linkUp();
      check.equal(await pairSetupM1(new WireClient(r.network)), { state: PAIR_STATE.M2, error: undefined }, "slot free at once");
      await r.server.close();
    },
  },
  {
    name: "a pair-verify M1 flood from one address: past the queue, Busy and closed; a controller elsewhere is served next",
    async run(check: Check) {
      const FLOOD = PAIR_VERIFY_WAITING_MAX + 3; // 1 computing, a full queue, 2 refused at once
      const r = await rig({ maxConnections: FLOOD + 4 });
      const { controller } = await pairAndVerify(r, check, 0);
      const answers: string[] = [];
      const flood: WireClient[] = [];
      const floodDone: Promise<unknown>[] = [];
      for (let i = 0; i < FLOOD; i++) {
        const wire = new WireClient(r.network, "10.0.0.66");
        flood.push(wire);
        const m1 = new TestController(crypto, `FLOOD-${i}`).pairVerifyM1();
        floodDone.push(wire.request("POST", "/pair-verify", m1, TLV8).then((m) => answers.push(tlvByte(decodeTlv(m.body).items, TLV.Error) === TLV_ERROR.Busy ? "busy" : "flood-M2")));
      }
      const phone = new WireClient(r.network, "10.0.0.7");
      const verified = await runPairVerify(controller, async (body) => {
        const reply = (await phone.request("POST", "/pair-verify", body, TLV8)).body;
        if (tlvByte(decodeTlv(reply).items, TLV.State) === PAIR_STATE.M2) answers.push("phone-M2");
        return reply;
      }, r.store.identity().ltpk);
      check.ok(verified.ok, "the phone verifies");
      await Promise.all(floodDone);
      check.equal(answers.slice(0, answers.indexOf("phone-M2")).filter((a) => a === "flood-M2").length, 1, "one flood M1 (the one computing) answered before the phone's");
      check.equal(answers.filter((a) => a === "busy").length, 3, "2 past the queue, and the newest waiter that gave its place to the phone, refused");
      await drain(20);
      check.equal(flood.filter((w) => w.client.closed).length, 3, "refused connections closed");
      await r.server.close();
    },
  },
  {
    name: "timed write: /prepare then PUT with its pid within ttl applies once; expired, unknown or foreign pids get 400 -70410",
    async run(check: Check) {
      const r = await rig();
      const { sessions } = await pairAndVerify(r, check, 2);
      const [s, other] = sessions;
      const heat = (pid: number) => `{"characteristics":[{"aid":1,"iid":12,"value":1}],"pid":${pid}}`;
      const refused = { status: 400, body: { status: -70410 } };
      check.equal(await put(s, "/prepare", '{"ttl":5000,"pid":42}'), { status: 200, body: { status: 0 } }, "prepare accepted");
      check.equal(await put(s, "/characteristics", heat(42)), { status: 204, body: undefined }, "timed write within ttl");
      check.equal(r.binding.state.target, "HEAT", "the write reached the binding");
      r.binding.state.target = "AUTO";
      check.equal(await put(s, "/characteristics", heat(42)), refused, "a pid is used once");
      check.equal(await put(s, "/prepare", '{"ttl":1000,"pid":7}'), { status: 200, body: { status: 0 } }, "prepare 7");
      r.timers.advance(1000);
      check.equal(await put(s, "/characteristics", heat(7)), refused, "expired at ttl");
      await put(s, "/prepare", '{"ttl":1000,"pid":8}');
      check.equal(await put(s, "/characteristics", heat(9)), refused, "wrong pid");
      check.equal(await put(other, "/characteristics", heat(8)), refused, "another session's pid");
      check.equal(await put(s, "/characteristics", heat(8)), { status: 204, body: undefined }, "the right pid still works after a wrong one");
      check.equal(await put(s, "/characteristics", heat(1)), refused, "pid never prepared");
      check.equal(r.binding.writes.length, 2, "only the two valid timed writes reached the binding");
      for (const bad of ['{"ttl":0,"pid":1}', '{"pid":1}', '{"ttl":1000}', '{"ttl":1000,"pid":-1}', '{"ttl":600000,"pid":1}', "[]", "nope"]) {
        check.equal(await put(s, "/prepare", bad), refused, `bad prepare ${bad}`);
      }
      const plain = new WireClient(r.network);
      check.equal((await plain.request("PUT", "/prepare", utf8Encode('{"ttl":1000,"pid":1}'))).status, 470, "prepare needs a session");
      await r.server.close();
    },
  },
];
