// Loopback HTTP servers that answer as Shelly Gen2+ and Tasmota devices document: their paths, JSON shapes, status
// codes and Shelly's SHA-256 digest challenge. Each can misbehave on demand: answer 500, hang mid-body, or go silent.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** How the device answers the next requests. */
export type Behaviour = "ok" | "error-500" | "hang-mid-body" | "silent";

export abstract class FakeDevice {
  readonly requests: string[] = [];
  behaviour: Behaviour = "ok";
  /** Switch commands the device takes but does not apply (a relay stuck, overpower protection). */
  ignoreCommands = false;
  readonly outputs: boolean[];
  powerW = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(channels: number, initial = false) {
    this.outputs = new Array<boolean>(channels).fill(initial);
  }

  get host(): string {
    return `127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push(req.url ?? "");
    switch (this.behaviour) {
      case "silent":
        return; // the socket stays open, nothing is ever written
      case "hang-mid-body":
        res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "200" });
        res.write('{"id":0,"outp');
        return;
      case "error-500":
        this.json(res, 500, this.internalError());
        return;
      case "ok":
        this.answer(req, res);
    }
  }

  protected json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  protected abstract answer(req: IncomingMessage, res: ServerResponse): void;
  protected abstract internalError(): unknown;
}

const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** A Shelly Plus Plug S (one switch with a meter), or a Pro 2PM with `channels` 2. */
export class FakeShelly extends FakeDevice {
  /** Shelly's realm is the device id. */
  readonly realm = "shellyplusplugs-e8db84d4a1b2";
  private nonce = randomBytes(8).toString("hex");
  readonly seenNc: string[] = [];

  constructor(private readonly password?: string, channels = 1, initial = false) {
    super(channels, initial);
  }

  /** The next answer with the current nonce is refused as stale (the device restarted, or the nonce aged). */
  renewNonce(): void {
    this.nonce = randomBytes(8).toString("hex");
  }

  protected internalError(): unknown {
    return { code: -105, message: "Argument 'id', value 7 not found!" };
  }

  protected answer(req: IncomingMessage, res: ServerResponse): void {
    if (this.password !== undefined && !this.authorized(req)) {
      this.json(res, 401, { code: 401, message: "Unauthorized" }, {
        "WWW-Authenticate": `Digest qop="auth", realm="${this.realm}", nonce="${this.nonce}", algorithm=SHA-256`,
      });
      return;
    }
    const url = new URL(req.url ?? "/", "http://device");
    const id = Number(url.searchParams.get("id") ?? "0");
    if (!(id >= 0 && id < this.outputs.length)) {
      this.json(res, 500, this.internalError());
      return;
    }
    if (url.pathname === "/rpc/Switch.Set") {
      const on = url.searchParams.get("on");
      if (on !== "true" && on !== "false") {
        this.json(res, 400, { code: -103, message: "Invalid argument 'on'!" });
        return;
      }
      const wasOn = this.outputs[id];
      if (!this.ignoreCommands) this.outputs[id] = on === "true";
      this.json(res, 200, { was_on: wasOn });
    } else if (url.pathname === "/rpc/Switch.GetStatus") {
      const on = this.outputs[id];
      this.json(res, 200, {
        id, source: "http", output: on, apower: on ? this.powerW : 0, voltage: 231.4, current: on ? this.powerW / 231.4 : 0,
        aenergy: { total: 1234.5, by_minute: [0, 0, 0], minute_ts: 1764518400 }, temperature: { tC: 36.2, tF: 97.2 },
      });
    } else {
      this.json(res, 404, { code: 404, message: `No handler for ${url.pathname}` });
    }
  }

  /** RFC 7616 as Shelly checks it: user admin, SHA-256, qop auth, this realm and nonce. */
  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    if (header === undefined || !header.startsWith("Digest ")) return false;
    const params: Record<string, string> = {};
    for (const m of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) params[m[1]] = m[2] ?? m[3];
    if (params.username !== "admin" || params.realm !== this.realm || params.nonce !== this.nonce || params.qop !== "auth") return false;
    if (params.algorithm !== "SHA-256" || params.uri !== req.url) return false;
    this.seenNc.push(params.nc);
    const ha1 = sha256Hex(`admin:${this.realm}:${this.password}`);
    const ha2 = sha256Hex(`${req.method}:${params.uri}`);
    return params.response === sha256Hex(`${ha1}:${this.nonce}:${params.nc}:${params.cnonce}:auth:${ha2}`);
  }
}

/** A Tasmota plug (one relay: answers "POWER") or a multi-relay board (answers "POWER1"...). */
export class FakeTasmota extends FakeDevice {
  constructor(private readonly credentials?: { user: string; password: string }, relays = 1, initial = false) {
    super(relays, initial);
  }

  protected internalError(): unknown {
    return { Command: "Error" };
  }

  protected answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://device");
    if (url.pathname !== "/cm") {
      this.json(res, 404, { Command: "Unknown" });
      return;
    }
    const q = url.searchParams;
    if (this.credentials && (q.get("user") !== this.credentials.user || q.get("password") !== this.credentials.password)) {
      this.json(res, 401, { WARNING: "Need user=<username>&password=<password>" });
      return;
    }
    const cmnd = q.get("cmnd") ?? "";
    const power = /^Power(\d*)(?:\s+(On|Off|1|0|Toggle))?$/i.exec(cmnd);
    if (power) {
      const relay = power[1] === "" ? 1 : Number(power[1]);
      if (relay < 1 || relay > this.outputs.length) {
        this.json(res, 200, { Command: "Unknown" });
        return;
      }
      const arg = power[2]?.toLowerCase();
      if (arg !== undefined && !this.ignoreCommands) this.outputs[relay - 1] = arg === "on" || arg === "1" ? true : arg === "toggle" ? !this.outputs[relay - 1] : false;
      const key = this.outputs.length === 1 ? "POWER" : `POWER${relay}`;
      this.json(res, 200, { [key]: this.outputs[relay - 1] ? "ON" : "OFF" });
    } else if (cmnd === "Status 8" || cmnd === "Status 10") {
      const on = this.outputs[0];
      this.json(res, 200, {
        StatusSNS: {
          Time: "2026-01-15T07:00:00",
          ENERGY: { TotalStartTime: "2025-11-02T10:11:12", Total: 12.345, Yesterday: 1.2, Today: 0.4, Power: on ? this.powerW : 0, ApparentPower: 0, ReactivePower: 0, Factor: 0.99, Voltage: 230, Current: 0.2 },
        },
      });
    } else {
      this.json(res, 200, { Command: "Unknown" });
    }
  }
}
