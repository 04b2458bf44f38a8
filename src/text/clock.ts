// Times and whole numbers as each language writes them: "14 h 02" / "14:02", "7 200" / "7,200", in French local time.
// Never reads the clock: every instant comes in (UTC ms); local time comes from src/tariff/local-time, as the tariff's.

import { daysFromCivil, localParts, type LocalParts } from "../tariff/local-time";
import type { Lang } from "./i18n";

const pad2 = (n: number): string => (n < 10 ? "0" : "") + n;

/** French groups thousands with a narrow no-break space (it never breaks a number across lines); English with a comma. */
const GROUP: Readonly<Record<Lang, string>> = Object.freeze({ fr: "\u202f", en: "," });

/** A whole number with its thousands grouped the language's way (rounded; a minus sign kept). */
export function intText(lang: Lang, value: number): string {
  const n = Math.round(value);
  let digits = String(Math.abs(n));
  let out = "";
  while (digits.length > 3) {
    out = GROUP[lang] + digits.slice(digits.length - 3) + out;
    digits = digits.slice(0, digits.length - 3);
  }
  return (n < 0 ? "-" : "") + digits + out;
}

function hourText(lang: Lang, p: LocalParts): string {
  if (lang === "en") return `${pad2(p.hour)}:${pad2(p.minute)}`;
  return p.minute === 0 ? `${p.hour} h` : `${p.hour} h ${pad2(p.minute)}`;
}

/** The wall-clock time of `atMs`: "14 h 02" / "14:02" (no date). */
export function clockText(lang: Lang, atMs: number): string {
  return hourText(lang, localParts(atMs));
}

/** Local days from `nowMs`'s day to `atMs`'s day (0 today, 1 tomorrow, -1 yesterday). */
function dayOffset(atMs: number, nowMs: number): { days: number; at: LocalParts } {
  const at = localParts(atMs);
  const now = localParts(nowMs);
  return { days: daysFromCivil(at.year, at.month, at.day) - daysFromCivil(now.year, now.month, now.day), at };
}

const WORDS = Object.freeze({
  fr: Object.freeze({ until: "jusqu’à", untilDate: "jusqu’au", since: "depuis", sinceDate: "depuis le", at: "à", tomorrow: "demain", yesterday: "hier" }),
  en: Object.freeze({ until: "until", untilDate: "until", since: "since", sinceDate: "since", at: "", tomorrow: "tomorrow", yesterday: "yesterday" }),
});

function dated(lang: Lang, at: LocalParts): string {
  const time = hourText(lang, at);
  return lang === "fr" ? `${pad2(at.day)}/${pad2(at.month)} ${WORDS.fr.at} ${time}` : `${pad2(at.day)}/${pad2(at.month)} ${time}`;
}

/** "jusqu’à 22 h", "jusqu’à demain 6 h", "jusqu’au 24/11 à 22 h" / "until 22:00", "until tomorrow 06:00", "until 24/11 22:00". */
export function untilText(lang: Lang, atMs: number, nowMs: number): string {
  const w = WORDS[lang];
  const { days, at } = dayOffset(atMs, nowMs);
  if (days === 0) return `${w.until} ${hourText(lang, at)}`;
  if (days === 1) return `${w.until} ${w.tomorrow} ${hourText(lang, at)}`;
  return `${w.untilDate} ${dated(lang, at)}`;
}

/** "depuis 14 h 02", "depuis hier 23 h 10", "depuis le 24/11 à 14 h 02" / "since 14:02", "since yesterday 23:10", … */
export function sinceText(lang: Lang, atMs: number, nowMs: number): string {
  const w = WORDS[lang];
  const { days, at } = dayOffset(atMs, nowMs);
  if (days === 0) return `${w.since} ${hourText(lang, at)}`;
  if (days === -1) return `${w.since} ${w.yesterday} ${hourText(lang, at)}`;
  return `${w.sinceDate} ${dated(lang, at)}`;
}

/** The time of day, with the date when it is not today: "14 h 02", "hier 23 h 10", "24/11 à 14 h 02". */
export function whenText(lang: Lang, atMs: number, nowMs: number): string {
  const { days, at } = dayOffset(atMs, nowMs);
  if (days === 0) return hourText(lang, at);
  if (days === -1) return `${WORDS[lang].yesterday} ${hourText(lang, at)}`;
  if (days === 1) return `${WORDS[lang].tomorrow} ${hourText(lang, at)}`;
  return dated(lang, at);
}
