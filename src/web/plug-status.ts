// The status page's line about a load's smart plug: unreachable with its last known state, or confirmed, and the
// power it measures. French first, English complete. Never shows a host or a credential (the settings hold them).

import type { LoadSnapshot } from "../app/types";
import { escapeHtml } from "../text/html";
import type { Lang } from "../text/i18n";
import { intText } from "../text/clock";

export const PLUG_TEXTS = Object.freeze({
  fr: Object.freeze({
    unreachable: "Prise injoignable — dernier état connu :",
    retrying: "La box réessaie ; les autres appareils n'attendent pas.",
    confirmed: "Prise : état confirmé",
    pending: "Prise : pas encore dans l'état demandé (la box le renvoie)",
    measured: "mesurés",
    running: "en marche",
    shed: "coupée",
    unknown: "inconnu",
    contact: "contact",
    energised: "excité",
    released: "relâché",
  }),
  en: Object.freeze({
    unreachable: "Plug unreachable — last known state:",
    retrying: "The box keeps retrying; the other loads do not wait.",
    confirmed: "Plug: state confirmed",
    pending: "Plug: not yet in the state asked (the box sends it again)",
    measured: "measured",
    running: "running",
    shed: "cut",
    unknown: "unknown",
    contact: "contact",
    energised: "energised",
    released: "released",
  }),
});

/** One-contact kinds: a released contact is the load running (README "Wiring"), an energised one is it shed. */
const ONE_CONTACT: readonly string[] = Object.freeze(["relay", "water-heater", "fil-pilote-1"]);

/** The contact the load's last decision asks for, where one contact says it all; undefined otherwise. */
function expectedContact(load: LoadSnapshot): boolean | undefined {
  if (load.kind === "fil-pilote-1") return load.order !== undefined ? load.order !== "confort" : undefined;
  if (load.kind === "relay" || load.kind === "water-heater") return !load.on;
  return undefined;
}

function stateWord(lang: Lang, load: LoadSnapshot, contact: boolean | null): string {
  const t = PLUG_TEXTS[lang];
  if (contact === null) return t.unknown;
  if (ONE_CONTACT.indexOf(load.kind) >= 0) return contact ? t.shed : t.running;
  return `${t.contact} 1 ${contact ? t.energised : t.released}`;
}

/** The plug's line for a load card; empty for a load no plug reports on (a GPIO). */
export function plugStatusLine(lang: Lang, load: LoadSnapshot): string {
  const t = PLUG_TEXTS[lang];
  const measured = typeof load.measuredW === "number" ? ` · ${intText(lang, load.measuredW)} W ${t.measured}` : "";
  if (load.unreachable === true) {
    return `<p class="warn plug" data-plug="unreachable">${escapeHtml(`${t.unreachable} ${stateWord(lang, load, load.lastConfirmed ?? null)}. ${t.retrying}`)}</p>`;
  }
  if (load.confirmed === null) return "";
  const expected = expectedContact(load);
  const pending = expected !== undefined && expected !== load.confirmed;
  return `<p class="hint plug" data-plug="${pending ? "pending" : "confirmed"}">${escapeHtml((pending ? t.pending : t.confirmed) + measured)}</p>`;
}
