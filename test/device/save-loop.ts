// Child process of json-store-sigkill.test.ts: saves two known records alternately on the real file store, for
// ever, until the parent kills it. Never reads or checks anything itself.
import { FileKeyValueStore } from "../../hal/node/store";
import { writeJson } from "../../src/device/json-store";
import { RECORD_KEY, valueOfChunks } from "./store-cuts";

const [directory, chunksArg, firstTag] = process.argv.slice(2);
const chunks = Number(chunksArg);
const store = new FileKeyValueStore(directory);
// The parent names the value not in force, so every save that completes changes what a read gives.
const values = firstTag === "A" ? [valueOfChunks(chunks, "A"), valueOfChunks(chunks, "B")] : [valueOfChunks(chunks, "B"), valueOfChunks(chunks, "A")];
// Pipes are synchronous on Linux: the parent has this line before the first save starts.
process.stdout.write("saving\n");
for (let i = 0; ; i++) writeJson(store, RECORD_KEY, values[i % 2]);
