// Hardware and OS capabilities the core, HomeKit server and portal are written against.
// Declarations only: no implementation, no platform import. hal/moddable and hal/node implement them.

/** Milliseconds since the Unix epoch, UTC. The only source of wall-clock time. */
export interface Clock {
  nowMs(): number;
}

export type TimerHandle = unknown;

/** One-shot and repeating timers; `delayMs` 0 means "after pending I/O", used to yield in long work. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  setInterval(callback: () => void, periodMs: number): TimerHandle;
  clear(handle: TimerHandle): void;
}

/** Cryptographically secure random bytes. */
export interface Random {
  fill(bytes: Uint8Array): Uint8Array;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured log line; `fields` are plain data. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

/** A stream of bytes from the meter (UART, pty, file). Chunks are only valid during the callback. */
export interface ByteSource {
  onBytes(handler: (chunk: Uint8Array) => void): void;
  onError?(handler: (message: string) => void): void;
  close(): void;
}

/** One GPIO driving a relay or a fil-pilote line. `on` is logical: polarity is the implementation's concern. */
export interface DigitalOutput {
  write(on: boolean): void;
}

/**
 * A contact switched over the network (a smart plug, a Wi-Fi DIN relay): the command is sent, and the device's
 * answer, when it comes, says the state it really has; `null` = no answer (unreachable, timed out).
 */
export interface RemoteOutput extends DigitalOutput {
  onConfirmed(listener: (on: boolean | null) => void): void;
  /** The power the device measures on its output (W), when it has a meter; null when it cannot be read. */
  onPower?(listener: (powerW: number | null) => void): void;
}

/** A power setpoint in W (PV router, EV charger, battery charger); 0 stops the load. */
export interface SetpointOutput {
  setPowerW(powerW: number): void;
}

/** One GPIO read as a logical level (true = pressed/active). */
export interface DigitalInput {
  read(): boolean;
  onChange(handler: (active: boolean) => void): void;
}

/** A single LED. */
export interface Led {
  set(on: boolean): void;
}

/**
 * Persistent key/value store (flash preferences on the device, files on the host).
 * Keys ≤ 15 characters; values ≤ 4000 bytes (callers chunk what is bigger).
 * `set` must be atomic per key: a power cut leaves the old or the new value, never a mix.
 */
export interface KeyValueStore {
  get(key: string): Uint8Array | undefined;
  set(key: string, value: Uint8Array): void;
  delete(key: string): void;
  keys(): string[];
}

export const STORE_KEY_MAX_CHARS = 15;
export const STORE_VALUE_MAX_BYTES = 4000;

/** A connected TCP stream. */
export interface TcpSocket {
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Queues the bytes to send; the socket copies or consumes them before it returns, so a caller may reuse them. */
  write(bytes: Uint8Array): void;
  close(): void;
  onData(handler: (bytes: Uint8Array) => void): void;
  onClose(handler: () => void): void;
  /** Back-pressure, for a socket that queues: bytes written and not yet handed to the network stack. */
  readonly queuedBytes?: number;
  /** Back-pressure: told each time the queue has emptied after a write, so a long response writes its next piece. */
  onDrain?(handler: () => void): void;
  /**
   * Flow control: stop delivering data (what arrives waits in the network stack, and the peer's TCP window closes)
   * until `resume`, which delivers what waited. A server that meets a socket without them closes it past its limits.
   */
  pause?(): void;
  resume?(): void;
}

export interface TcpListenOptions {
  port: number;
  address?: string;
}

/** A listening TCP server. */
export interface TcpListener {
  readonly port: number;
  close(): void;
}

export interface TcpNetwork {
  listen(options: TcpListenOptions, onConnection: (socket: TcpSocket) => void): Promise<TcpListener>;
}

/** A bound UDP socket (captive DNS). */
export interface UdpSocket {
  readonly port: number;
  send(bytes: Uint8Array, address: string, port: number): void;
  onMessage(handler: (bytes: Uint8Array, address: string, port: number) => void): void;
  close(): void;
}

export interface UdpNetwork {
  bind(options: { port: number; address?: string }): Promise<UdpSocket>;
}

/** DNS-SD advertisement of one service (HAP: type "hap", protocol "tcp"). TXT given as key/value strings. */
export interface ServiceAdvertisement {
  name: string;
  type: string;
  protocol: "tcp" | "udp";
  port: number;
  txt: Record<string, string>;
}

export interface ServiceAdvertiser {
  advertise(service: ServiceAdvertisement): void;
  /** Replace the TXT record of the advertised service and announce it again. */
  updateTxt(txt: Record<string, string>): void;
  /** Announce again (after a link change). */
  reannounce(): void;
  stop(): void;
}

export interface WifiNetwork {
  ssid: string;
  rssiDbm: number;
  secure: boolean;
}

export type WifiLinkState = "down" | "connecting" | "up" | "access-point";

export interface Wifi {
  connect(options: { ssid: string; password: string }): void;
  startAccessPoint(options: { ssid: string; password: string }): void;
  scan(): Promise<WifiNetwork[]>;
  /** Address of this box on the current link (station address, or the AP's own address). */
  address(): string | undefined;
  onLinkChange(handler: (state: WifiLinkState) => void): void;
  disconnect(): void;
}

/** Restart the box (the host simulator restarts its device in-process). */
export interface System {
  restart(reason: string): void;
}

/** Where and as whom an MQTT client connects (MQTT 3.1.1, clean session). */
export interface MqttConnectOptions {
  host: string;
  port: number;
  clientId: string;
  user?: string;
  password?: string;
  /** Seconds between pings; the broker drops the client after 1.5 × this without a packet, publishing its will. */
  keepAliveS: number;
  /** Published by the broker when this client vanishes without a DISCONNECT (availability `offline`). */
  will: { topic: string; payload: string; retain: boolean };
}

/** QoS 0 or 1 (the Moddable client sends QoS 0 only; a QoS 1 request is sent as QoS 0 there). */
export interface MqttPublishOptions {
  qos: 0 | 1;
  retain: boolean;
}

/**
 * One MQTT session, from connect to close: it never reconnects by itself (src/mqtt owns back-off with injected
 * timers, the same on every platform). After onClose it is dead: connect anew.
 */
export interface MqttConnection {
  /** Queues one message; false when not sent (not connected yet, closed, or the send queue is over its bound). */
  publish(topic: string, payload: string, options: MqttPublishOptions): boolean;
  /** Subscribes at QoS 0 (a filter may hold + and #). */
  subscribe(topicFilter: string): void;
  /** A message on a subscribed topic; the payload is only valid during the call. */
  onMessage(handler: (topic: string, payload: Uint8Array) => void): void;
  /** The broker accepted the session (CONNACK 0): publish and subscribe from here. */
  onConnect(handler: () => void): void;
  /** The session ended (refused, network error, keep-alive timeout), told once, with why; not after close(). */
  onClose(handler: (reason: string) => void): void;
  close(): void;
}

export interface MqttNetwork {
  /** Starts connecting at once; failures come through onClose, never as a throw. */
  connect(options: MqttConnectOptions): MqttConnection;
}

/** One outgoing HTTP(S) request (Internet tariff sources, smart plugs on the LAN). */
export interface HttpRequest {
  method: "GET" | "POST";
  /** http:// or https:// with host, optional port, path and query. */
  url: string;
  /** Header names in lower case. */
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange (DNS, connect, TLS, headers, body) must end within this, else error "timeout". */
  timeoutMs: number;
  /** A body longer than this is abandoned with error "too-large" (the device's heap is small). */
  maxBodyBytes: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case; a repeated header keeps its first value. */
  headers: Record<string, string>;
  body: string;
}

/** Why a request got no HTTP answer (an HTTP error status is an answer, not one of these). */
export type HttpErrorKind = "dns" | "connect" | "tls" | "timeout" | "too-large" | "protocol";

export type HttpResult =
  | { ok: true; response: HttpResponse }
  | { ok: false; error: { kind: HttpErrorKind; message: string } };

/** HTTP client of the platform: Node's fetch with an optional extra CA, Moddable's http/secure socket. */
export interface HttpClient {
  /** Never rejects and never throws: every failure is an HttpResult with ok false. */
  request(request: HttpRequest): Promise<HttpResult>;
}

/**
 * A temperature probe (a DS18B20 on 1-Wire: Moddable's `onewire` on the ESP32, the kernel's w1 files on a Pi, a
 * simulated tank in host-sim). One reading at a time, in °C; null when it failed (no device, bad CRC, the 85 °C
 * power-on value). Takes up to ~1 s (a 12-bit conversion is 750 ms): never blocks meanwhile.
 */
export interface TemperatureProbe {
  read(done: (temperatureC: number | null) => void): void;
  close?(): void;
}
