// The pair-verify M1 gate's order and refusals on a virtual clock, written once and run by jest
// (pairing-verify-gate.test.ts) and on XS (test/xs/homekit-pairing.xs.ts). No wall-clock time, no Node API.
import { PAIR_VERIFY_WAITING_MAX, PAIR_VERIFY_WAIT_MAX_MS, VerifyGate } from "../../homekit/pairing/verify-gate";
import type { Scenario } from "./server-scenarios";
import { VirtualTimers } from "./support/virtual-timers";

/** A gate on a virtual clock and the order in which callers got (or lost) their turn. */
function gateRig() {
  const timers = new VirtualTimers();
  const gate = new VerifyGate(timers);
  const order: string[] = [];
  const closed = new Set<string>();
  const ask = (name: string, source: string) =>
    gate.enter(source, () => closed.has(name)).then((granted) => {
      order.push(`${name}:${granted ? "turn" : "refused"}`);
      return granted;
    });
  return { gate, timers, order, closed, ask };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

const FLOOD = "10.0.0.66";
const PHONE = "10.0.0.7";

export const gateScenarios: Scenario[] = [
  {
    name: `one M1 at a time, ${PAIR_VERIFY_WAITING_MAX} waiting in order, the next one from the same address refused at once`,
    async run(check) {
      const g = gateRig();
      for (let i = 0; i <= PAIR_VERIFY_WAITING_MAX + 1; i++) void g.ask(`b${i}`, FLOOD);
      await settle();
      check.equal(g.order, ["b0:turn", `b${PAIR_VERIFY_WAITING_MAX + 1}:refused`], "b0 computes, the others wait, the last is refused");
      check.equal(g.gate.load, { running: 1, waiting: PAIR_VERIFY_WAITING_MAX }, "load");
      g.gate.leave();
      await settle();
      check.equal(g.order[2], "b1:turn", "b1 next, in order");
    },
  },
  {
    name: "a full queue from one address: a controller on another address takes the newest waiter's place and is served next",
    async run(check) {
      const g = gateRig();
      for (let i = 0; i <= PAIR_VERIFY_WAITING_MAX; i++) void g.ask(`b${i}`, FLOOD);
      void g.ask("phone", PHONE);
      await settle();
      check.equal(g.order, ["b0:turn", `b${PAIR_VERIFY_WAITING_MAX}:refused`], "the flood's newest waiter gives its place to the phone");
      void g.ask("again", FLOOD);
      await settle();
      check.equal(g.order[g.order.length - 1], "again:refused", "the flood cannot take it back");
      g.gate.leave();
      await settle();
      check.equal(g.order[g.order.length - 1], "phone:turn", "the phone is served before the older b1");
    },
  },
  {
    name: "two flooding addresses: the controller waits for one M1 per address at most",
    async run(check) {
      const g = gateRig();
      void g.ask("b1", FLOOD);
      void g.ask("c1", "10.0.0.67");
      for (const name of ["b2", "b3", "c2"]) void g.ask(name, name.startsWith("b") ? FLOOD : "10.0.0.67");
      void g.ask("phone", PHONE);
      for (let i = 0; i < 3; i++) {
        g.gate.leave();
        await settle();
      }
      check.equal(g.order, ["b1:turn", "c1:turn", "phone:turn", "b2:turn"], "c1 (never served, waiting first), the phone, then b2");
    },
  },
  {
    name: "a waiter whose connection closed never gets a turn",
    async run(check) {
      const g = gateRig();
      void g.ask("b1", FLOOD);
      void g.ask("gone", FLOOD);
      void g.ask("phone", PHONE);
      await settle();
      g.closed.add("gone");
      g.gate.leave();
      await settle();
      check.equal(g.order, ["b1:turn", "gone:refused", "phone:turn"], "skipped without computing");
      check.equal(g.gate.load, { running: 1, waiting: 0 }, "load");
    },
  },
  {
    name: `a waiter is refused after ${PAIR_VERIFY_WAIT_MAX_MS} ms (iOS would have given up before its M2)`,
    async run(check) {
      const g = gateRig();
      void g.ask("stuck", FLOOD);
      void g.ask("phone", PHONE);
      g.timers.advance(PAIR_VERIFY_WAIT_MAX_MS - 1);
      await settle();
      check.equal(g.order, ["stuck:turn"], "still waiting 1 ms before");
      g.timers.advance(1);
      await settle();
      check.equal(g.order, ["stuck:turn", "phone:refused"], "refused at the limit, nothing computed");
      check.equal(g.gate.load, { running: 1, waiting: 0 }, "load");
    },
  },
];
