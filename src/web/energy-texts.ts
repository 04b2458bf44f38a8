// Words of the energy page and charts, French first and English complete, one table per language.
// Never holds a number or a rule: the page formats figures from src/energy and src/history.

import type { Lang } from "../text/i18n";
import type { PeriodName } from "../energy/view";

export interface EnergyTexts {
  title: string;
  link: string;
  statusLink: string;
  switchLang: string;
  noData: string;
  periods: Readonly<Record<PeriodName, string>>;
  colourPeriod: string;
  energy: string;
  cost: string;
  costDetail: string;
  since: string;
  savings: string;
  savingsNote: string;
  savingsNoteFull: string;
  shed: string;
  seasonTitle: string;
  daysWithShedding: string;
  daysWithoutShedding: string;
  redDaysLeft: string;
  colourDays: string;
  meterNotes: string;
  chartTitle: string;
  chartLegend: string;
  stripTitle: string;
  decisionsTitle: string;
  decisionsNone: string;
  when: string;
  load: string;
  level: string;
  why: string;
  powerLimit: string;
  cells: readonly string[];
  levels: Readonly<Record<string, string>>;
  weekdays: readonly string[];
  hc: string;
  hp: string;
  shedMark: string;
}

export const ENERGY_TEXTS: Readonly<Record<Lang, EnergyTexts>> = Object.freeze({
  fr: Object.freeze({
    title: "Énergie, coût et économies",
    link: "Énergie, coût et économies →",
    statusLink: "État",
    switchLang: "English",
    noData: "Pas encore de relevé Tempo du compteur.",
    periods: Object.freeze({ today: "Aujourd’hui", yesterday: "Hier", month: "Ce mois", season: "Cette saison" }),
    colourPeriod: "Couleur et période",
    energy: "Énergie",
    cost: "Coût",
    costDetail: "énergie {energy} + abonnement {subscription}",
    since: "depuis le {date}",
    savings: "Économies (estimation)",
    savingsNote:
      "Estimation : puissance des appareils coupés pour un jour rouge ou blanc × durée de la coupure, valorisée au prix des heures pleines moins celui des heures creuses (l’énergie est reprise la nuit). Un radiateur coupé aurait parfois été arrêté par son propre thermostat : c’est un maximum.",
    savingsNoteFull:
      "Estimation : puissance des appareils coupés pour un jour rouge ou blanc × durée de la coupure, valorisée au prix entier des heures pleines (énergie non reprise). Un radiateur coupé aurait parfois été arrêté par son propre thermostat : c’est un maximum.",
    shed: "non consommés",
    seasonTitle: "La saison Tempo (1er septembre – 31 août)",
    daysWithShedding: "Jours avec délestage",
    daysWithoutShedding: "Jours sans délestage",
    redDaysLeft: "Jours rouges restants (au plus)",
    colourDays: "Jours vus : {blue} bleus, {white} blancs, {red} rouges, {unknown} inconnus",
    meterNotes: "Compteur : {resets} remise(s) à zéro ou changement, {jumps} saut(s) écarté(s), {unplaced} consommés pendant un arrêt de la box",
    chartTitle: "Puissance sur 24 h",
    chartLegend: "Trait bleu : puissance maximale par 5 min ; trait rouge : limite ; bandes : délestage ; bande du bas : couleur du jour (foncée en heures pleines)",
    stripTitle: "Les 8 derniers jours",
    decisionsTitle: "Les 200 dernières décisions",
    decisionsNone: "Aucune décision depuis le démarrage.",
    when: "Quand",
    load: "Appareil",
    level: "État",
    why: "Pourquoi",
    powerLimit: "Puissance / limite",
    cells: Object.freeze(["Bleu HC", "Bleu HP", "Blanc HC", "Blanc HP", "Rouge HC", "Rouge HP"]),
    levels: Object.freeze({ off: "coupé", eco: "éco", normal: "marche", boost: "marche forcée" }),
    weekdays: Object.freeze(["dim", "lun", "mar", "mer", "jeu", "ven", "sam"]),
    hc: "heures creuses",
    hp: "heures pleines",
    shedMark: "délesté",
  }),
  en: Object.freeze({
    title: "Energy, cost and savings",
    link: "Energy, cost and savings →",
    statusLink: "Status",
    switchLang: "Français",
    noData: "No Tempo reading from the meter yet.",
    periods: Object.freeze({ today: "Today", yesterday: "Yesterday", month: "This month", season: "This season" }),
    colourPeriod: "Colour and period",
    energy: "Energy",
    cost: "Cost",
    costDetail: "energy {energy} + subscription {subscription}",
    since: "since {date}",
    savings: "Savings (estimate)",
    savingsNote:
      "Estimate: power of the loads shed for a red or white day × how long they were off, valued at the peak price less the off-peak price (the energy is drawn back at night). A shed heater would sometimes have been off on its own thermostat: this is an upper bound.",
    savingsNoteFull:
      "Estimate: power of the loads shed for a red or white day × how long they were off, valued at the whole peak price (energy not drawn back). A shed heater would sometimes have been off on its own thermostat: this is an upper bound.",
    shed: "not drawn",
    seasonTitle: "The Tempo season (1 September – 31 August)",
    daysWithShedding: "Days with shedding",
    daysWithoutShedding: "Days without shedding",
    redDaysLeft: "Red days left (at most)",
    colourDays: "Days seen: {blue} blue, {white} white, {red} red, {unknown} unknown",
    meterNotes: "Meter: {resets} reset(s) or change(s), {jumps} jump(s) set aside, {unplaced} drawn while the box was off",
    chartTitle: "Power over 24 h",
    chartLegend: "Blue line: highest power per 5 min; red line: limit; bands: shedding; bottom strip: the day's colour (dark in peak hours)",
    stripTitle: "The last 8 days",
    decisionsTitle: "The last 200 decisions",
    decisionsNone: "No decision since the box started.",
    when: "When",
    load: "Load",
    level: "State",
    why: "Why",
    powerLimit: "Power / limit",
    cells: Object.freeze(["Blue HC", "Blue HP", "White HC", "White HP", "Red HC", "Red HP"]),
    levels: Object.freeze({ off: "off", eco: "eco", normal: "on", boost: "boost" }),
    weekdays: Object.freeze(["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]),
    hc: "off-peak",
    hp: "peak hours",
    shedMark: "shed",
  }),
});

/** "12,3" in French, "12.3" in English; `decimals` digits after the separator. */
export function formatNumber(value: number, decimals: number, lang: Lang): string {
  const text = value.toFixed(decimals);
  return lang === "fr" ? text.replace(".", ",") : text;
}

export function formatKWh(wh: number, lang: Lang): string {
  return `${formatNumber(wh / 1000, wh < 100_000 ? 1 : 0, lang)}\u00a0kWh`; // a figure never wraps away from its unit
}

export function formatEur(eur: number, lang: Lang): string {
  return lang === "fr" ? `${formatNumber(eur, 2, lang)}\u00a0€` : `€${formatNumber(eur, 2, lang)}`;
}
