// XS lane: non-reading clients against the HomeKit connection and the web exchange over never-draining fake sockets
// (the cases jest runs in test/net/socket-bounds.test.ts), with the XS heap they leave bounded. Run on the
// xsnap-heap runner (test/xs/run.mjs HEAP_SUITES), whose heapStats() reads XS's own chunk and slot counts.
import { ATTACK_REQUESTS, BOUNDS_CASES } from "../net/socket-bounds-cases";
import { assert, assertEqual, run, test } from "./harness";

declare const print: (text: string) => void;
declare const gc: () => void;
declare const heapStats: (reset: boolean) => { chunks: number; slots: number };

/**
 * Each case states the live heap its attack may leave (BoundsCase.heapBound). Before the bounds the HomeKit attacker
 * left every answer to the requests it sent in the socket's queue, growing with the attack; bounded, it is the pause
 * mark and a few parsed requests, whatever the attack's length.
 */
const check = {
  equal: (actual: unknown, expected: unknown, message: string) => assertEqual(actual, expected, message),
  ok: (condition: unknown, message: string) => assert(condition, message),
};

for (const c of BOUNDS_CASES) {
  test(c.name, async () => {
    const marks: { chunks: number; slots: number }[] = [];
    await c.run(check, () => {
      gc();
      marks.push(heapStats(false));
    });
    assert(marks.length === 2, "the case marked its start and end");
    const added = { chunks: marks[1].chunks - marks[0].chunks, slots: marks[1].slots - marks[0].slots };
    print(`  heap left by "${c.name}" (${ATTACK_REQUESTS} requests tried): ${added.chunks} B of chunks, ${added.slots} slots`);
    assert(added.chunks <= c.heapBound.chunks, `chunks ${added.chunks} B over ${c.heapBound.chunks} B`);
    assert(added.slots <= c.heapBound.slots, `slots ${added.slots} over ${c.heapBound.slots}`);
  });
}

await run("socket-bounds");
