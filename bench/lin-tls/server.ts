// Loopback servers for the lin TLS heap probe (bench/lin-tls/main.js): https on 18443 with a throw-away CA (its DER
// written to bench/lin-tls/build/testca.der for the app's resources), http on 18080; both serve a real-size Ecowatt answer.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer as http, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as https } from "node:https";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTestPki } from "../../test/net/test-ca";

const out = join(dirname(fileURLToPath(import.meta.url)), "build");
mkdirSync(out, { recursive: true });
const pki = makeTestPki();
writeFileSync(join(out, "ca.pem"), pki.caPem);
execFileSync("openssl", ["x509", "-in", join(out, "ca.pem"), "-outform", "der", "-out", join(out, "testca.der")]);
const signals = [];
for (let d = 0; d < 4; d++) {
  const values = [];
  for (let pas = 0; pas < 24; pas++) values.push({ pas, hvalue: pas >= 8 && pas < 10 ? 3 : 1 });
  signals.push({ GenerationFichier: "2026-12-01T17:00:00+01:00", jour: `2026-12-0${d + 1}T00:00:00+01:00`, dvalue: 1, message: "Pas d'alerte. Coupures d'électricité programmées possibles si le réseau est tendu.", values });
}
const body = JSON.stringify({ signals });
const handler = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
};
https({ cert: pki.serverCertPem, key: pki.serverKeyPem }, handler).listen(18443, "127.0.0.1");
http(handler).listen(18080, "127.0.0.1");
process.stdout.write(`ready: ${body.length} B body on https://127.0.0.1:18443/ecowatt and http://127.0.0.1:18080/ecowatt\n`);
