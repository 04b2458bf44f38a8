// The settings table: every setting the box accepts, one frozen row each (unit, range, default, labels, help).
// Validation, the settings page, the API and Home Assistant metadata derive from these rows; no IO here.

import { DEFAULT_BASE_TOPIC, DEFAULT_DISCOVERY_PREFIX, FOLLOW_LOADS_PATTERN, MQTT_URL_PATTERN, TOPIC_PATTERN } from "../mqtt/config";
import { DEFAULT_TEMPO_PRICES, PRICE_SETTING_KEYS } from "../energy/prices";
import { SURPLUS_LOADS_PATTERN } from "../surplus/config";
import { DEFAULT_ESS_POLICY_TEXT, DEFAULT_ESS_WINDOW_TEXT, ESS_POLICY_PATTERN, ESS_WINDOW_PATTERN, PORTAL_ID_SETTING_PATTERN } from "../victron/config";
import { frozenFields, type FieldSpec } from "./field";
import { SIGNAL_FIELDS } from "../signals/settings";

const MINUTE_MS = 60_000;

/** Box-wide settings (loads aside). Order = the order of the settings page. */
export const SETTINGS_FIELDS: readonly FieldSpec[] = frozenFields([
  {
    key: "heatDurationMs",
    type: "integer",
    unit: "ms",
    min: MINUTE_MS,
    max: 24 * 60 * MINUTE_MS,
    default: null,
    nullable: true,
    label: { fr: "Durée du mode HEAT", en: "HEAT duration" },
    help: { fr: "Vide : jusqu'à la fin de la période de pointe", en: "Empty: until the end of the peak period" },
  },
  {
    key: "unknownColourPolicy",
    type: "enum",
    values: ["white", "red", "blue"],
    default: "white",
    label: { fr: "Couleur inconnue en heures pleines", en: "Unknown colour in peak hours" },
    help: { fr: "Traitée comme ce jour (jamais bleu par défaut)", en: "Treated as this day (never blue by default)" },
  },
  {
    key: "availablePowerW",
    type: "integer",
    unit: "W",
    min: 0,
    max: 100_000,
    default: null,
    nullable: true,
    label: { fr: "Puissance disponible", en: "Available power" },
    help: { fr: "Vide : puissance souscrite du compteur moins la marge", en: "Empty: the meter's subscribed power minus the margin" },
  },
  {
    key: "availableMarginW",
    type: "integer",
    unit: "W",
    min: 0,
    max: 36_000,
    default: 500,
    label: { fr: "Marge sous la puissance souscrite", en: "Margin below subscribed power" },
    help: { fr: "Gardée libre pour ce que la box ne pilote pas", en: "Kept free for what the box does not switch" },
  },
  {
    key: "rotationPeriodMs",
    type: "integer",
    unit: "ms",
    min: MINUTE_MS,
    max: 24 * 60 * MINUTE_MS,
    default: 5 * MINUTE_MS,
    label: { fr: "Période de délestage tournant", en: "Rotation period" },
    help: { fr: "Les charges de même priorité attendent chacune leur tour", en: "Loads of one priority take turns waiting" },
  },
  {
    key: "overloadRestoreMarginW",
    type: "integer",
    unit: "W",
    min: 0,
    max: 10_000,
    default: 300,
    label: { fr: "Marge de relestage", en: "Restore margin" },
    help: { fr: "Après un dépassement, une charge revient si elle tient avec cette marge", en: "After an overrun, a load comes back if it fits with this margin" },
  },
  {
    key: "overloadRestoreHoldMs",
    type: "integer",
    unit: "ms",
    min: 0,
    max: 3_600_000,
    default: 60_000,
    label: { fr: "Calme avant relestage", en: "Quiet time before restoring" },
    help: { fr: "La puissance doit rester basse ce temps avant chaque retour", en: "Power must stay low this long before each load comes back" },
  },
  {
    key: "meterLostTimeoutMs",
    type: "integer",
    unit: "ms",
    min: 3000,
    max: 600_000,
    default: 10_000,
    label: { fr: "Compteur muet après", en: "Meter silent after" },
    help: { fr: "Sans trame valide ce temps, le compteur est déclaré perdu", en: "Without a valid frame this long, the meter is lost" },
  },
  {
    key: "fallbackSubscribedVA",
    type: "integer",
    unit: "VA",
    min: 1000,
    max: 36_000,
    default: 6000,
    label: { fr: "Puissance souscrite par défaut", en: "Fallback subscribed power" },
    help: { fr: "Utilisée tant que le compteur ne l'a pas donnée", en: "Used until the meter has given it" },
  },
  {
    key: "meterClockToleranceMs",
    type: "integer",
    unit: "ms",
    min: 1000,
    max: 86_400_000,
    default: 5 * MINUTE_MS,
    label: { fr: "Écart d'horloge toléré", en: "Meter clock tolerance" },
    help: { fr: "Au-delà, l'horloge du compteur est signalée", en: "Beyond this the meter's clock is flagged" },
  },
  {
    key: "mqttEnabled",
    type: "boolean",
    default: false,
    label: { fr: "MQTT et Home Assistant", en: "MQTT and Home Assistant" },
    help: { fr: "Publie l'état et reçoit les commandes sur le broker ci-dessous", en: "Publishes the state and takes commands on the broker below" },
  },
  {
    key: "mqttUrl",
    type: "text",
    default: "",
    pattern: MQTT_URL_PATTERN,
    label: { fr: "Broker MQTT", en: "MQTT broker" },
    help: { fr: "mqtt://hôte:port, par ex. mqtt://192.168.1.10:1883", en: "mqtt://host:port, e.g. mqtt://192.168.1.10:1883" },
  },
  {
    key: "mqttUser",
    type: "text",
    default: "",
    label: { fr: "Utilisateur MQTT", en: "MQTT user" },
    help: { fr: "Vide : sans authentification", en: "Empty: no authentication" },
  },
  {
    key: "mqttPassword",
    type: "text",
    default: "",
    secret: true,
    label: { fr: "Mot de passe MQTT", en: "MQTT password" },
    help: { fr: "Jamais réaffiché ; laisser vide garde l'actuel", en: "Never shown again; leave empty to keep the current one" },
  },
  {
    key: "mqttBaseTopic",
    type: "text",
    default: DEFAULT_BASE_TOPIC,
    pattern: TOPIC_PATTERN,
    label: { fr: "Topic de base", en: "Base topic" },
    help: { fr: "Les topics de la box sont sous <base>/<identifiant>", en: "The box's topics live under <base>/<box id>" },
  },
  {
    key: "mqttDiscoveryPrefix",
    type: "text",
    default: DEFAULT_DISCOVERY_PREFIX,
    pattern: TOPIC_PATTERN,
    label: { fr: "Préfixe de découverte", en: "Discovery prefix" },
    help: { fr: "Celui de Home Assistant (homeassistant par défaut)", en: "Home Assistant's (homeassistant by default)" },
  },
  {
    key: "mqttMeterIntervalMs",
    type: "integer",
    unit: "ms",
    min: 0,
    max: 3_600_000,
    default: 0,
    label: { fr: "Mesures MQTT au plus toutes les", en: "MQTT meter figures at most every" },
    help: { fr: "0 : à chaque trame du compteur", en: "0: every meter frame" },
  },
  {
    key: "mqttFollowTopic",
    type: "text",
    default: "",
    pattern: TOPIC_PATTERN,
    label: { fr: "Suivre la box", en: "Follow the box" },
    help: {
      fr: "Topic de base d'une autre box (delesteur/<identifiant>) dont les appareils ci-dessous suivent les décisions ; vide : aucune",
      en: "Another box's base topic (delesteur/<box id>) whose decisions the loads below follow; empty: none",
    },
  },
  {
    key: "mqttFollowLoads",
    type: "text",
    default: "",
    pattern: FOLLOW_LOADS_PATTERN,
    label: { fr: "Appareils suivis", en: "Followed loads" },
    help: {
      fr: "notre-id=son-id, séparés par des virgules (ex. salon=salon,ballon=chauffe-eau) ; sans nouvelles d'elle, chacun revient à notre propre politique",
      en: "our-id=its-id, comma-separated (e.g. salon=salon,ballon=water-heater); without news from it, each goes back to our own policy",
    },
  },
  priceRow("blue", "hc", { fr: "Prix bleu heures creuses", en: "Blue off-peak price" }),
  priceRow("blue", "hp", { fr: "Prix bleu heures pleines", en: "Blue peak price" }),
  priceRow("white", "hc", { fr: "Prix blanc heures creuses", en: "White off-peak price" }),
  priceRow("white", "hp", { fr: "Prix blanc heures pleines", en: "White peak price" }),
  priceRow("red", "hc", { fr: "Prix rouge heures creuses", en: "Red off-peak price" }),
  priceRow("red", "hp", { fr: "Prix rouge heures pleines", en: "Red peak price" }),
  {
    key: "subscriptionEurPerYear",
    type: "decimal",
    decimals: 2,
    unit: "€/an",
    min: 0,
    max: 5000,
    default: DEFAULT_TEMPO_PRICES.subscriptionEurPerYear,
    label: { fr: "Abonnement (par an)", en: "Subscription (per year)" },
    help: { fr: "TTC, ramené au jour dans le coût ; par défaut Tempo 9 kVA (août 2025)", en: "Incl. taxes, prorated per day in the cost; default Tempo 9 kVA (Aug 2025)" },
  },
  {
    key: "savingsDrawnBackInHc",
    type: "boolean",
    default: true,
    label: { fr: "Énergie délestée reprise en heures creuses", en: "Shed energy drawn back off-peak" },
    help: {
      fr: "Économie estimée = prix heures pleines − prix heures creuses ; décoché : l'énergie non consommée est économisée en entier",
      en: "Estimated saving = peak price − off-peak price; unticked: energy not drawn is saved in full",
    },
  },
  // Victron GX and PV surplus (src/victron, src/surplus): off until a GX broker or a surplus source is set.
  {
    key: "victronUrl",
    type: "text",
    default: "",
    pattern: MQTT_URL_PATTERN,
    label: { fr: "Broker MQTT du GX Victron", en: "Victron GX MQTT broker" },
    help: { fr: "mqtt://adresse-du-gx (MQTT activé sur le GX) ; vide : pas de GX", en: "mqtt://gx-address (MQTT enabled on the GX); empty: no GX" },
  },
  {
    key: "victronPortalId",
    type: "text",
    default: "",
    pattern: PORTAL_ID_SETTING_PATTERN,
    label: { fr: "Identifiant VRM du GX", en: "GX VRM portal id" },
    help: { fr: "Vide : lu sur le GX (un seul GX sur ce broker)", en: "Empty: read from the GX (one GX on that broker)" },
  },
  {
    key: "essEnabled",
    type: "boolean",
    default: false,
    label: { fr: "Piloter l'ESS selon la couleur Tempo", en: "Steer the ESS by the Tempo colour" },
    help: { fr: "Écrit seuil, BatteryLife et charge de nuit sur le GX ; sinon la box ne fait que lire", en: "Writes floor, BatteryLife and night charge to the GX; else the box only reads" },
  },
  {
    key: "essPolicy",
    type: "text",
    default: DEFAULT_ESS_POLICY_TEXT,
    pattern: ESS_POLICY_PATTERN,
    label: { fr: "Politique ESS par couleur", en: "ESS policy per colour" },
    help: {
      fr: "couleur=cible %/seuil %/BatteryLife on|off/discharge|hold ; unknown sert si demain est inconnu à 21 h",
      en: "colour=target %/floor %/BatteryLife on|off/discharge|hold; unknown is used when tomorrow is not known by 21:00",
    },
  },
  {
    key: "essChargeWindow",
    type: "text",
    default: DEFAULT_ESS_WINDOW_TEXT,
    pattern: ESS_WINDOW_PATTERN,
    label: { fr: "Créneau de charge (HC)", en: "Charge window (HC)" },
    help: { fr: "HH:MM-HH:MM, dans les heures creuses 22:00-06:00", en: "HH:MM-HH:MM, inside off-peak hours 22:00-06:00" },
  },
  {
    key: "essChargeSlot",
    type: "integer",
    min: 0,
    max: 4,
    default: 0,
    label: { fr: "Plage de charge du GX utilisée", en: "GX charge schedule slot used" },
    help: { fr: "0 à 4 ; les autres plages restent à vous", en: "0 to 4; the other slots stay yours" },
  },
  {
    key: "surplusSource",
    type: "enum",
    values: ["off", "meter", "gx", "mqtt"],
    default: "off",
    label: { fr: "Mesure du surplus solaire", en: "Solar surplus measure" },
    help: { fr: "Injection du compteur (SINSTI/EAIT), réseau du GX, ou un topic MQTT", en: "Meter injection (SINSTI/EAIT), the GX's grid power, or an MQTT topic" },
  },
  {
    key: "surplusTopic",
    type: "text",
    default: "",
    pattern: TOPIC_PATTERN,
    label: { fr: "Topic MQTT du surplus", en: "Surplus MQTT topic" },
    help: { fr: "Sur le broker de la box ; valeur en W (nombre ou {\"value\": …})", en: "On the box's broker; value in W (a number or {\"value\": …})" },
  },
  {
    key: "surplusTopicSign",
    type: "enum",
    values: ["export-positive", "import-positive"],
    default: "export-positive",
    label: { fr: "Signe du topic", en: "Topic sign" },
    help: { fr: "Positif quand on injecte, ou positif quand on soutire", en: "Positive when exporting, or positive when importing" },
  },
  {
    key: "surplusRouteSocPct",
    type: "integer",
    unit: "%",
    min: 0,
    max: 100,
    default: 80,
    label: { fr: "Batterie : router au-dessus de", en: "Battery: route above" },
    help: { fr: "La charge de la batterie ne compte comme surplus qu'au-dessus de ce SoC", en: "The battery's charge counts as surplus only above this SoC" },
  },
  {
    key: "offGrid",
    type: "boolean",
    default: false,
    label: { fr: "Site isolé (sans réseau)", en: "Off-grid (no grid)" },
    help: { fr: "Le SoC et le PV du GX décident ; Tempo et garantie en HC ignorés", en: "The GX's SoC and PV decide; Tempo and the HC guarantee are off" },
  },
  {
    key: "surplusLoads",
    type: "text",
    default: "",
    pattern: SURPLUS_LOADS_PATTERN,
    label: { fr: "Appareils sur le surplus", en: "Loads on the surplus" },
    help: {
      fr: "id[:clé=valeur,…] séparés par des espaces ; clés margin W, on s, off s, import W, minrun min, max min/jour, need min/jour garantis en HC (ex. ballon:need=180 pompe:max=240)",
      en: "id[:key=value,…] space-separated; keys margin W, on s, off s, import W, minrun min, max min/day, need min/day guaranteed in HC (e.g. ballon:need=180 pompe:max=240)",
    },
  },
  // The Internet tariff signals (src/signals/settings.ts), after the box's own.
  ...SIGNAL_FIELDS,
]);

/**
 * One energy price row, €/kWh TTC with the bill's 4 decimals; the default is DOMAIN §2 (src/energy/prices.ts). Up to
 * 5 €/kWh: ten times today's red peak, so a price typed in c€ (72.95) is refused rather than believed.
 */
function priceRow(colour: "blue" | "white" | "red", period: "hc" | "hp", label: { fr: string; en: string }): FieldSpec {
  return {
    key: PRICE_SETTING_KEYS[colour][period],
    type: "decimal",
    decimals: 4,
    unit: "€/kWh",
    min: 0,
    max: 5,
    default: DEFAULT_TEMPO_PRICES.energy[colour][period],
    label,
    help: { fr: "TTC, tel que sur la facture (ex. 0,1654)", en: "Incl. taxes, as on the bill (e.g. 0.1654)" },
  };
}

export const SHED_REASONS: readonly string[] = Object.freeze(["red_peak", "white_peak", "overload", "meter_lost", "ecowatt"]);

/**
 * The most loads the settings accept, from the ESP32 heap (bench/loads-heap.ts, XS at 16 B a slot). Per load: 2.7 KB
 * held at rest (settings, engine state, snapshot), 3.0 KB more on the settings page while it is written (the biggest
 * response), 0.6 KB more in each frame's dispatch: 6.3 KB at the worst moment. Of ~150 KB free after Wi-Fi at best,
 * HomeKit with 8 sessions takes 25 KB, the box without loads 35 KB at rest, a settings page and a dispatch 16 KB:
 * ~74 KB is left, 11 loads; 10 keeps a margin for the other responses. Ten loads' settings form posts in ~4 KB (under
 * the 8 KB body limit), and an ESP32 DevKit has about that many free outputs. The API used to take 259 (15 chunks).
 */
export const MAX_LOADS = 10;

/** A load given without a kind is a heater on one pilot wire (the commonest wiring). */
export const DEFAULT_LOAD_KIND = "fil-pilote-1";

/** Fields every load has; each kind adds its own (src/loads/kinds.ts). */
export const LOAD_FIELDS: readonly FieldSpec[] = frozenFields([
  { key: "id", type: "text", default: "", required: true, label: { fr: "Identifiant", en: "Id" }, help: { fr: "1 à 32 caractères a-z 0-9 _ -", en: "1–32 characters a-z 0-9 _ -" } },
  { key: "name", type: "text", default: "", label: { fr: "Nom", en: "Name" }, help: { fr: "Ce que montrent la page et Apple Home", en: "What the page and Apple Home show" } },
  { key: "kind", type: "enum", default: DEFAULT_LOAD_KIND, label: { fr: "Type", en: "Kind" }, help: { fr: "Comment la box la commande", en: "How the box drives it" } },
  {
    key: "priority",
    type: "integer",
    min: 0,
    max: 4,
    default: 2,
    label: { fr: "Priorité (0 jamais coupé … 4 coupé en premier)", en: "Priority (0 never shed … 4 shed first)" },
    help: { fr: "Entre appareils coupés pour une même raison, le plus haut part le premier", en: "Of the loads shed for one reason, the highest goes first" },
  },
  {
    key: "nominalPowerW",
    type: "integer",
    unit: "W",
    min: 1,
    max: 36_000,
    default: 0,
    required: true,
    label: { fr: "Puissance", en: "Power" },
    help: { fr: "Ce qu'elle consomme en marche", en: "What it draws when running" },
  },
  {
    key: "shedBy",
    type: "reasons",
    values: SHED_REASONS,
    default: ["red_peak", "white_peak", "overload"],
    label: { fr: "Délestée pour", en: "Shed for" },
    help: { fr: "Pointe rouge, pointe blanche, dépassement, compteur perdu", en: "Red peak, white peak, overrun, meter lost" },
  },
  {
    key: "minOnMs",
    type: "integer",
    unit: "ms",
    min: 0,
    max: 3_600_000,
    default: 60_000,
    label: { fr: "Marche minimale", en: "Minimum on time" },
    help: { fr: "Sauf dépassement, elle reste en marche au moins ce temps", en: "Except on overrun, it stays on at least this long" },
  },
  {
    key: "minOffMs",
    type: "integer",
    unit: "ms",
    min: 0,
    max: 3_600_000,
    default: 60_000,
    label: { fr: "Arrêt minimal", en: "Minimum off time" },
    help: { fr: "Elle reste coupée au moins ce temps", en: "It stays off at least this long" },
  },
  {
    key: "maxSwitchesPerDay",
    type: "integer",
    min: 1,
    max: 10_000,
    default: 48,
    label: { fr: "Commutations par jour", en: "Switchings per day" },
    help: { fr: "Limite les coupures tournantes pour ménager les relais", en: "Limits rotation moves so relays last" },
  },
]);

