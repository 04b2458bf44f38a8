// The box's web page wording in French (first) and English: one frozen table per language, same keys in both.
// Never holds markup or user data: the page renderers escape and assemble; these are plain texts.

import type { ColourOrUnknown, LoadKind, LoadOrder, LoadOverride, LoadReason, MeterStatus, ShedOrder } from "../app/types";
import type { Lang } from "../text/i18n";

const FR = Object.freeze({
  title: "Délesteur",
  settingsTitle: "Délesteur — réglages",
  switchLang: "English",
  starting: "Le délesteur démarre…",
  sectionMode: "Mode",
  modeAUTO: "AUTO : le délesteur coupe le chauffage aux heures chères",
  modeHEAT: "CHAUFFE : le chauffage reste en marche",
  heatUntil: "jusqu’à",
  toHeat: "Passer en CHAUFFE",
  toAuto: "Revenir en AUTO",
  sectionTariff: "Tarif Tempo",
  today: "Aujourd’hui",
  tomorrow: "Demain",
  source: "source",
  hp: "heures pleines",
  hc: "heures creuses",
  suspicious: "Incohérences vues",
  sectionMeter: "Compteur",
  power: "Puissance",
  limit: "limite",
  lastFrame: "dernière trame",
  overload: "Dépassement en cours",
  overloadUnresolved: "Dépassement non résolu : tout ce qui peut l’être est coupé",
  sectionLoads: "Appareils",
  on: "en marche",
  off: "coupé",
  order: "ordre",
  why: "pourquoi",
  override: "Forçage",
  overrideUntil: "jusqu’à",
  forHours: "Durée (h)",
  noEnd: "sans fin",
  apply: "Appliquer",
  settingsLink: "Réglages",
  statusLink: "État",
  refreshHint: "La page se met à jour toutes les 30 s.",
  noLoads: "Aucun appareil configuré.",
  sectionSettings: "Appareils",
  sectionGeneral: "Général",
  automatic: "automatique",
  addLoad: "Ajouter un appareil",
  loadsFull: "La box pilote au plus {max} appareils : supprimez-en un pour en ajouter un autre.",
  removeLoad: "Supprimer cet appareil",
  save: "Enregistrer",
  saved: "Réglages enregistrés.",
  errorsIntro: "Rien n’a été enregistré. Corrigez :",
  kindNote: "Un changement de branchement s’applique au prochain redémarrage.",
  notFound: "Page introuvable.",
  forbidden: "Requête refusée : rechargez la page et recommencez.",
  badRequest: "Requête invalide.",
  unknown: "inconnu",
  sectionMqtt: "MQTT / Home Assistant",
  mqttOff: "désactivé (réglages : serveur MQTT)",
  mqttOnline: "connecté à",
  mqttConnecting: "connexion en cours à",
  mqttError: "hors ligne",
  mqttRetryIn: "nouvel essai dans",
  mqttBadSetting: "désactivé : réglage invalide",
  mqttSent: "messages envoyés",
  mqttDropped: "perdus",
  mqttCommands: "commandes reçues",
  mqttRejected: "refusées",
  mqttFollows: "Suit les décisions de",
  mqttLeader: "état",
});

type Texts = { readonly [K in keyof typeof FR]: string };

const EN: Texts = Object.freeze({
  title: "Load shedder",
  settingsTitle: "Load shedder — settings",
  switchLang: "Français",
  starting: "The box is starting…",
  sectionMode: "Mode",
  modeAUTO: "AUTO: heating is shed in expensive hours",
  modeHEAT: "HEAT: heating stays on",
  heatUntil: "until",
  toHeat: "Switch to HEAT",
  toAuto: "Back to AUTO",
  sectionTariff: "Tempo tariff",
  today: "Today",
  tomorrow: "Tomorrow",
  source: "source",
  hp: "peak hours",
  hc: "off-peak hours",
  suspicious: "Inconsistencies seen",
  sectionMeter: "Meter",
  power: "Power",
  limit: "limit",
  lastFrame: "last frame",
  overload: "Overload in progress",
  overloadUnresolved: "Overload unresolved: everything sheddable is off",
  sectionLoads: "Loads",
  on: "on",
  off: "off",
  order: "order",
  why: "why",
  override: "Override",
  overrideUntil: "until",
  forHours: "For (h)",
  noEnd: "no end",
  apply: "Apply",
  settingsLink: "Settings",
  statusLink: "Status",
  refreshHint: "This page refreshes every 30 s.",
  noLoads: "No load configured.",
  sectionSettings: "Loads",
  sectionGeneral: "General",
  automatic: "automatic",
  addLoad: "Add a load",
  loadsFull: "The box drives at most {max} loads: remove one to add another.",
  removeLoad: "Remove this load",
  save: "Save",
  saved: "Settings saved.",
  errorsIntro: "Nothing was saved. Please fix:",
  kindNote: "A wiring change applies at the next restart.",
  notFound: "Page not found.",
  forbidden: "Request refused: reload the page and try again.",
  badRequest: "Bad request.",
  unknown: "unknown",
  sectionMqtt: "MQTT / Home Assistant",
  mqttOff: "off (settings: MQTT broker)",
  mqttOnline: "connected to",
  mqttConnecting: "connecting to",
  mqttError: "offline",
  mqttRetryIn: "next try in",
  mqttBadSetting: "off: invalid setting",
  mqttSent: "messages sent",
  mqttDropped: "lost",
  mqttCommands: "commands received",
  mqttRejected: "refused",
  mqttFollows: "Follows the decisions of",
  mqttLeader: "state",
});

export const WEB_TEXTS: Readonly<Record<Lang, Texts>> = Object.freeze({ fr: FR, en: EN });

/** A follower box's words for its leader and each followed load (src/mqtt/follow.ts FollowStatus). */
export const FOLLOW_TEXTS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = Object.freeze({
  fr: Object.freeze({
    online: "en ligne",
    offline: "hors ligne",
    silent: "muette",
    unknown: "inconnu",
    following: "suit",
    "leader-offline": "sa propre politique (meneuse hors ligne)",
    "leader-silent": "sa propre politique (meneuse muette)",
    "leader-unknown": "sa propre politique (état de la meneuse inconnu)",
    owner: "forçage du propriétaire",
    "no-such-load": "appareil inconnu ici",
  }),
  en: Object.freeze({
    online: "online",
    offline: "offline",
    silent: "silent",
    unknown: "unknown",
    following: "following",
    "leader-offline": "own policy (leader offline)",
    "leader-silent": "own policy (leader silent)",
    "leader-unknown": "own policy (leader's state unknown)",
    owner: "owner's override",
    "no-such-load": "no such load here",
  }),
});

/** Every reason a load is in its state, as an owner reads it (the engine's detail and numbers follow). */
export const REASON_TEXTS: Readonly<Record<Lang, Readonly<Record<LoadReason, string>>>> = Object.freeze({
  fr: Object.freeze({
    red_peak: "jour rouge, heures pleines",
    white_peak: "jour blanc, heures pleines",
    overload: "dépassement de puissance",
    meter_lost: "compteur muet",
    ecowatt: "alerte Ecowatt, réseau tendu",
    budget: "pas assez de puissance disponible",
    rotation: "chacun son tour",
    forced_off: "forcé à l’arrêt",
    normal: "fonctionnement normal",
    heat_mode: "mode CHAUFFE",
    forced_on: "forcé en marche",
    boot: "démarrage",
    dhw_satisfied: "ballon à température",
    dhw_waiting: "attend son créneau en heures creuses",
    legionella: "cycle anti-légionelle",
    dhw_boost: "relance eau chaude",
    sg_recommended: "marche conseillée (SG-Ready 3)",
    no_surplus: "pas de surplus solaire",
    surplus: "surplus solaire",
    guarantee: "garantie du jour en heures creuses",
  }),
  en: Object.freeze({
    red_peak: "red day, peak hours",
    white_peak: "white day, peak hours",
    overload: "power overload",
    meter_lost: "meter silent",
    ecowatt: "Ecowatt alert, grid under stress",
    budget: "not enough power available",
    rotation: "taking turns",
    forced_off: "forced off",
    normal: "normal operation",
    heat_mode: "HEAT mode",
    forced_on: "forced on",
    boot: "starting",
    dhw_satisfied: "tank at temperature",
    dhw_waiting: "waiting for its off-peak slot",
    legionella: "anti-legionella run",
    dhw_boost: "hot-water boost",
    sg_recommended: "recommended on (SG-Ready 3)",
    no_surplus: "no solar surplus",
    surplus: "solar surplus",
    guarantee: "daily guarantee in off-peak hours",
  }),
});

export const COLOUR_TEXTS: Readonly<Record<Lang, Readonly<Record<ColourOrUnknown, string>>>> = Object.freeze({
  fr: Object.freeze({ blue: "bleu", white: "blanc", red: "rouge", unknown: "inconnu" }),
  en: Object.freeze({ blue: "blue", white: "white", red: "red", unknown: "unknown" }),
});

export const METER_TEXTS: Readonly<Record<Lang, Readonly<Record<MeterStatus, string>>>> = Object.freeze({
  fr: Object.freeze({ waiting: "en attente de la première trame", ok: "lu", lost: "muet" }),
  en: Object.freeze({ waiting: "waiting for the first frame", ok: "read", lost: "silent" }),
});

export const OVERRIDE_TEXTS: Readonly<Record<Lang, Readonly<Record<LoadOverride, string>>>> = Object.freeze({
  fr: Object.freeze({ auto: "automatique", on: "forcé en marche", off: "forcé à l’arrêt" }),
  en: Object.freeze({ auto: "automatic", on: "forced on", off: "forced off" }),
});

export const KIND_TEXTS: Readonly<Record<Lang, Readonly<Record<LoadKind, string>>>> = Object.freeze({
  fr: Object.freeze({ relay: "relais", "fil-pilote-1": "fil pilote (1 sortie)", "fil-pilote-2": "fil pilote (2 sorties)", "sg-ready": "pompe à chaleur SG-Ready", "water-heater": "chauffe-eau", modulating: "consigne de puissance" }),
  en: Object.freeze({ relay: "relay", "fil-pilote-1": "pilot wire (1 output)", "fil-pilote-2": "pilot wire (2 outputs)", "sg-ready": "SG-Ready heat pump", "water-heater": "water heater", modulating: "power setpoint" }),
});

export const ORDER_TEXTS: Readonly<Record<Lang, Readonly<Record<LoadOrder | ShedOrder, string>>>> = Object.freeze({
  fr: Object.freeze({ confort: "confort", eco: "éco", "hors-gel": "hors-gel", arret: "arrêt", "sg-normal": "normal", "sg-lock": "bloqué", "sg-recommended": "marche conseillée", "sg-forced": "marche forcée" }),
  en: Object.freeze({ confort: "comfort", eco: "eco", "hors-gel": "frost guard", arret: "stop", "sg-normal": "normal", "sg-lock": "locked", "sg-recommended": "recommended on", "sg-forced": "forced on" }),
});

type ValueTexts = Readonly<Record<string, string>>;

/** Option labels of the settings table's enum rows, by row key then value (a value without one shows as itself). */
export const ENUM_TEXTS: Readonly<Record<Lang, Readonly<Record<string, ValueTexts>>>> = Object.freeze({
  fr: Object.freeze({
    kind: KIND_TEXTS.fr,
    shedOrder: ORDER_TEXTS.fr,
    unknownColourPolicy: Object.freeze({ white: "comme un jour blanc", red: "comme un jour rouge", blue: "comme un jour bleu" }),
  }),
  en: Object.freeze({
    kind: KIND_TEXTS.en,
    shedOrder: ORDER_TEXTS.en,
    unknownColourPolicy: Object.freeze({ white: "as a white day", red: "as a red day", blue: "as a blue day" }),
  }),
});

/** Outcomes shown after a POST/redirect/GET: the redirect carries only a key of this table, never text. */
export const NOTICE_TEXTS: Readonly<Record<Lang, Readonly<Record<NoticeKey, string>>>> = Object.freeze({
  fr: Object.freeze({
    heat: "Mode CHAUFFE activé.",
    auto: "Mode AUTO rétabli.",
    "refused-red": "CHAUFFE refusé : c’est un jour rouge en heures pleines, le chauffage reste coupé jusqu’à 22 h.",
    refused: "Demande refusée par le délesteur.",
    override: "Forçage appliqué.",
    saved: "Réglages enregistrés.",
  }),
  en: Object.freeze({
    heat: "HEAT mode on.",
    auto: "AUTO mode back.",
    "refused-red": "HEAT refused: it is a red day in peak hours, heating stays shed until 22:00.",
    refused: "The box refused the request.",
    override: "Override applied.",
    saved: "Settings saved.",
  }),
});

export type NoticeKey = "heat" | "auto" | "refused-red" | "refused" | "override" | "saved";

export function isNoticeKey(key: string | undefined): key is NoticeKey {
  return key !== undefined && Object.prototype.hasOwnProperty.call(NOTICE_TEXTS.fr, key);
}
