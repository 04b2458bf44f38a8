// Log lines for journald: one line per decision, its priority as a <N> prefix journald reads (SyslogLevelPrefix).
// Never logs per meter frame unless --verbose asked; never prints a secret (fields come from the core's own logs).
import type { Logger, LogLevel } from "../hal/types";

/** syslog priorities (RFC 5424): journalctl -p filters on them. */
const PRIORITY: Readonly<Record<LogLevel, number>> = Object.freeze({ debug: 7, info: 6, warn: 4, error: 3 });
const ORDER: Readonly<Record<LogLevel, number>> = Object.freeze({ debug: 0, info: 1, warn: 2, error: 3 });

function fieldText(fields: Record<string, unknown> | undefined): string {
  if (!fields) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = typeof value === "string" ? value : JSON.stringify(value);
    parts.push(`${key}=${/[\s"]/.test(text) ? JSON.stringify(text) : text}`);
  }
  return parts.length > 0 ? " " + parts.join(" ") : "";
}

/**
 * `<6>message key=value …` under systemd (JOURNAL_STREAM set: journald adds the time), else a time-stamped line.
 * `verbose` lets debug lines (each meter frame) through.
 */
export function journalLogger(options: { verbose: boolean; write?: (line: string) => void; underJournal?: boolean; nowMs?: () => number }): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const underJournal = options.underJournal ?? process.env.JOURNAL_STREAM !== undefined;
  const now = options.nowMs ?? (() => Date.now());
  const min = options.verbose ? ORDER.debug : ORDER.info;
  return {
    log(level, message, fields) {
      if (ORDER[level] < min) return;
      const line = `${message}${fieldText(fields)}`.replace(/\n/g, " ");
      write(underJournal ? `<${PRIORITY[level]}>${line}` : `${new Date(now()).toISOString()} ${level} ${line}`);
    },
  };
}
