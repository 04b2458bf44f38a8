// A throw-away certificate authority and a loopback server certificate it signs, made with the openssl CLI.
// Test-only. Never writes outside its own temporary directory; keys live only for the test process.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestPki {
  caPem: string;
  /** A certificate for 127.0.0.1 and localhost signed by caPem. */
  serverCertPem: string;
  serverKeyPem: string;
}

/** Node cannot sign an X.509 certificate by itself; openssl is part of every Debian base (ca-certificates needs it). */
export function makeTestPki(name = "delesteur test CA"): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "delesteur-pki-"));
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  try {
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
      "-out", "ca.pem", "-days", "2", "-subj", `/CN=${name}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
      "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    writeFileSync(join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
      "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf");
    return {
      caPem: readFileSync(join(dir, "ca.pem"), "utf8"),
      serverCertPem: readFileSync(join(dir, "server.pem"), "utf8"),
      serverKeyPem: readFileSync(join(dir, "server.key"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
