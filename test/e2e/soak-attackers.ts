// The soak's attackers as a process of their own (a hostile device is not the controller's process): non-reading
// pipeliners against HomeKit, the page and the portal for `durationMs`, then one JSON line of what they sent.
// Usage: node --import tsx test/e2e/soak-attackers.ts HAP_PORT WEB_PORT PORTAL_PORT DURATION_MS
import { NonReadingPipeliner } from "../net/attack-clients";

const [hapPort, webPort, portalPort, durationMs] = process.argv.slice(2).map(Number);
// The attack on HomeKit (one connection), and the same shape on the page and the portal, which answer one
// request per connection: there 6 connections, each replaced every 6 s, keep asking.
const attackers = [
  new NonReadingPipeliner(hapPort, "GET /accessories HTTP/1.1\r\nHost: box\r\n\r\n").start(),
  new NonReadingPipeliner(webPort, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${webPort}\r\n\r\n`, 6, 6000).start(),
  new NonReadingPipeliner(portalPort, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${portalPort}\r\n\r\n`, 6, 6000).start(),
];
process.stdout.write(`${JSON.stringify({ started: true })}\n`);
setTimeout(() => {
  for (const a of attackers) a.stop();
  process.stdout.write(`${JSON.stringify({ bytesWritten: attackers.map((a) => a.bytesWritten), connectionsOpened: attackers.map((a) => a.connectionsOpened) })}\n`);
  process.exit(0);
}, durationMs);
