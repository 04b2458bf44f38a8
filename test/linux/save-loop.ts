// Child process for config-kill.test.ts: saves settings as the box does on a settings change (the state store's
// record, then the config file written back atomically), alternating two values, until killed.
// Prints one line once the first save has begun. SIGTERM is handled as linux/main.ts does: exit between saves.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FileKeyValueStore } from "../../hal/node/store";
import { APP_STORE_PREFIX } from "../../src/device/device";
import { writeJson } from "../../src/device/json-store";
import { configText, writeFileAtomic } from "../../linux/config-file";
import { parseBoxConfig, withSettings, type BoxConfig } from "../../linux/config";

const [dir, firstTag] = process.argv.slice(2);
const file = join(dir, "config.json");
const parsed = parseBoxConfig(readFileSync(file, "utf8"));
if (!parsed.ok) throw new Error("bad start config");
const base: BoxConfig = parsed.config;
const store = new FileKeyValueStore(join(dir, "state"));
const valueOf = (tag: string) => withSettings(base, { ...base.settings, loads: base.settings.loads.map((l) => ({ ...l, name: `${tag} ${l.id}`.padEnd(40, tag) })) });
process.on("SIGTERM", () => process.exit(0));
let tag = firstTag;
process.stdout.write("saving\n");
// One save per turn of the event loop, as the box saves from a web request: a signal handler runs between saves.
const save = (): void => {
  const config = valueOf(tag);
  writeJson(store, APP_STORE_PREFIX + "settings", config.settings);
  writeFileAtomic(file, configText(config));
  tag = tag === "A" ? "B" : "A";
  setImmediate(save);
};
save();
