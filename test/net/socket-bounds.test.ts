// Non-reading clients against the HomeKit connection and the web exchange over never-draining fake sockets (jest
// lane; test/xs/socket-bounds.xs.ts runs the same cases on XS and bounds the heap they leave).
import { BOUNDS_CASES } from "./socket-bounds-cases";

const check = {
  equal: (actual: unknown, expected: unknown, message: string) => expect({ [message]: actual }).toEqual({ [message]: expected }),
  ok: (condition: unknown, message: string) => expect({ [message]: Boolean(condition) }).toEqual({ [message]: true }),
};

for (const c of BOUNDS_CASES) test(c.name, () => c.run(check, () => undefined), 30_000);
