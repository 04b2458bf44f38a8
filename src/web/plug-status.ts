// The status page's line about a load's smart plug: unreachable with its last known state, or confirmed, and the
// power it measures. French first, English complete. Never shows a host or a credential (the settings hold them).

import type { LoadSnapshot } from "../app/types";
import type { OutputSpec } from "../plugs/config";
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
    outputs: "Sorties",
    channel: "canal",
    relay: "relais",
    socket: "la charge y est branchée",
    contactWiring: "à la place d'un relais de la box",
    apiOnly: "se changent par l'API (PUT /api/settings, champ outputs)",
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
    outputs: "Outputs",
    channel: "channel",
    relay: "relay",
    socket: "the load is plugged into it",
    contactWiring: "in place of one of the box's relays",
    apiOnly: "changed through the API (PUT /api/settings, outputs field)",
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

/** The settings page's note on a load's plugs (the page does not edit them); its host is shown to the owner only. */
export function plugOutputsNote(lang: Lang, outputs: readonly OutputSpec[] | undefined): string {
  if (outputs === undefined || outputs.length === 0) return "";
  const t = PLUG_TEXTS[lang];
  const each = outputs.map((o) => {
    const where = o.type === "shelly" ? `Shelly ${o.host} (${t.channel} ${o.channel}` : o.type === "tasmota" ? `Tasmota ${o.host} (${t.relay} ${o.relay}` : o.type === "shelly-mqtt" ? `Shelly MQTT ${o.device} (${t.channel} ${o.channel}` : `Tasmota MQTT ${o.topic} (${t.relay} ${o.relay}`;
    return `${where}, ${o.wiring === "socket" ? t.socket : t.contactWiring})`;
  });
  return `<p class="hint plug-outputs">${escapeHtml(`${t.outputs} : ${each.join(" ; ")} — ${t.apiOnly}`.replace(" : ", lang === "fr" ? " : " : ": "))}</p>`;
}
