// The settings of the Internet tariff signals: one row each, appended to the box's settings table.
// Declarations only; the RTE secret is a `secret` row (never echoed back by pages or the API, like the Wi-Fi password).

import { frozenFields, type FieldSpec } from "../settings/field";

export interface SignalSettings {
  /** RTE's Tempo calendar (needs an RTE data portal application: client id and secret). */
  rteTempoEnabled: boolean;
  /** RTE's Ecowatt v5 signals (same RTE application). */
  ecowattEnabled: boolean;
  /** Base URL of RTE's API (the token, Tempo and Ecowatt paths are appended): a proxy or a test server may stand in. */
  rteBaseUrl: string;
  rteClientId: string;
  /** Never echoed back by pages or the API. */
  rteClientSecret: string;
  /** RTE's keyless open data `tempoLight`. */
  tempoLightEnabled: boolean;
  tempoLightBaseUrl: string;
  /** A community `jourTempo` JSON API (keyless). */
  communityTempoEnabled: boolean;
  communityTempoBaseUrl: string;
  /** Ecowatt's hourly level (2 orange, 3 red) from which loads that opted in are shed. */
  ecowattShedLevel: number;
}

/** An http(s) base URL without a trailing slash (paths are appended to it). */
export const BASE_URL_PATTERN = "^$|^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-])?$";

export const SIGNAL_FIELDS: readonly FieldSpec[] = frozenFields([
  {
    key: "rteTempoEnabled",
    type: "boolean",
    default: false,
    label: { fr: "Calendrier Tempo de RTE", en: "RTE Tempo calendar" },
    help: { fr: "Couleur du lendemain dès 10 h 40 (compte RTE data : identifiant et secret ci-dessous)", en: "Tomorrow's colour from 10:40 (RTE data account: id and secret below)" },
  },
  {
    key: "ecowattEnabled",
    type: "boolean",
    default: false,
    label: { fr: "Signal Ecowatt de RTE", en: "RTE Ecowatt signal" },
    help: { fr: "Coupe les appareils choisis aux heures de tension sur le réseau", en: "Sheds the chosen loads in hours of grid stress" },
  },
  {
    key: "rteBaseUrl",
    type: "text",
    default: "https://digital.iod.rte-france.com",
    pattern: BASE_URL_PATTERN,
    label: { fr: "Adresse de l'API RTE", en: "RTE API address" },
    help: { fr: "Sans / final ; un relais ou un serveur de test peut la remplacer", en: "No trailing /; a proxy or a test server may stand in" },
  },
  {
    key: "rteClientId",
    type: "text",
    default: "",
    label: { fr: "Identifiant client RTE", en: "RTE client id" },
    help: { fr: "De l'application créée sur data.rte-france.com", en: "Of the application made on data.rte-france.com" },
  },
  {
    key: "rteClientSecret",
    type: "text",
    default: "",
    secret: true,
    label: { fr: "Secret client RTE", en: "RTE client secret" },
    help: { fr: "Jamais réaffiché ; laisser vide garde l'actuel", en: "Never shown again; leave empty to keep the current one" },
  },
  {
    key: "tempoLightEnabled",
    type: "boolean",
    default: false,
    label: { fr: "Tempo open data de RTE (sans compte)", en: "RTE Tempo open data (no account)" },
    help: { fr: "Les couleurs publiées par RTE sur son site", en: "The colours RTE publishes on its site" },
  },
  {
    key: "tempoLightBaseUrl",
    type: "text",
    default: "https://www.services-rte.com",
    pattern: BASE_URL_PATTERN,
    label: { fr: "Adresse de l'open data RTE", en: "RTE open data address" },
    help: { fr: "Sans / final", en: "No trailing /" },
  },
  {
    key: "communityTempoEnabled",
    type: "boolean",
    default: false,
    label: { fr: "API Tempo communautaire (sans compte)", en: "Community Tempo API (no account)" },
    help: { fr: "Un service tenu par des particuliers : utile en secours", en: "A service run by individuals: useful as a backup" },
  },
  {
    key: "communityTempoBaseUrl",
    type: "text",
    default: "https://www.api-couleur-tempo.fr",
    pattern: BASE_URL_PATTERN,
    label: { fr: "Adresse de l'API communautaire", en: "Community API address" },
    help: { fr: "Sans / final", en: "No trailing /" },
  },
  {
    key: "ecowattShedLevel",
    type: "integer",
    // Level 1 is "normal" (green): shedding on it would shed every hour of the year.
    min: 2,
    max: 3,
    default: 3,
    label: { fr: "Niveau Ecowatt de délestage", en: "Ecowatt level that sheds" },
    help: { fr: "2 orange, 3 rouge : à partir de ce niveau horaire", en: "2 orange, 3 red: from this hourly level on" },
  },
]);
