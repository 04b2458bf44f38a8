// XS lane: responses written in bounded UTF-8 pieces as the socket drains, on the real XS engine (the same cases as jest).
import { STREAMED_CASES } from "../net/streamed-cases";
import { assertEqual, run, test } from "./harness";

for (const c of STREAMED_CASES) {
  test(c.name, async () => {
    const { actual, expected } = await c.run();
    assertEqual(actual, expected, c.name);
  });
}

await run("text-response");
