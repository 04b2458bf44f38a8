// The hal/moddable HttpClient on the SDK's lin build (mcsim) against bench/lin-tls/server.ts: each failure kind as the
// device would tell it. Prints one CASE line per request; run as README "Tempo and Ecowatt from the Internet" says.
import { ModdableHttpClient } from "hal/moddable/http-client";

const client = new ModdableHttpClient();
const cases = [
  ["http ok", "http://127.0.0.1:18080/ecowatt", 5000, 16384],
  ["too-large", "http://127.0.0.1:18080/ecowatt", 5000, 1000],
  ["refused", "http://127.0.0.1:18099/", 5000, 16384],
  ["refused https", "https://127.0.0.1:18099/", 5000, 16384],
  ["dns", "http://no-such-host.invalid/", 5000, 16384],
  ["https unknown CA", "https://127.0.0.1:18443/ecowatt", 10000, 16384],
];
async function main() {
  for (const [name, url, timeoutMs, maxBodyBytes] of cases) {
    const r = await client.request({ method: "GET", url, timeoutMs, maxBodyBytes });
    trace(`CASE ${name}: ${r.ok ? `ok ${r.response.status} ${r.response.body.length} chars` : `${r.error.kind} (${r.error.message})`}\n`);
  }
  trace("DONE\n");
}
main();
