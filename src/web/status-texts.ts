// The status page's sentences about the engine's codes and numbers, in French (first) and English, same keys in both.
// Never holds markup or user data; {name} marks a value the renderer fills in (numbers and times already formatted).

import type { LoadHold } from "../app/types";
import type { Lang } from "../text/i18n";

const FR = Object.freeze({
  clock: "Il est {now}",
  lastData: "données du compteur de {at}",
  noData: "aucune donnée du compteur",
  meterLost: "Compteur muet {since} : la puissance appelée n’est plus mesurée.",
  meterLostNever: "Compteur muet : aucune trame reçue, la puissance appelée n’est pas mesurée.",
  meterWaiting: "En attente de la première trame du compteur.",
  power: "Puissance : {power} VA sur {limit} VA",
  powerUnknown: "Puissance : pas de mesure",
  todayLine: "Aujourd’hui : {colour}, {period}",
  periodUntil: "{period} {until}",
  tomorrowUnknown: "pas encore annoncé",
  fromMeter: "le compteur",
  fromMemory: "la mémoire de la box",
  fromYesterday: "l’annonce de la veille",
  fromClock: "l’horloge de la box",
  colourFrom: "Couleur donnée par {colour}, heures par {period}.",
  colourGiven: "Couleur donnée par {colour}.",
  bothFrom: "Couleur et heures données par {source}.",
  colourUnknownAs: "Couleur du jour inconnue : traitée comme un jour {colour} (réglage).",
  then: "puis {state} : {reason}",
  overloadNumbers: "{drawn} VA appelés pour une limite de {limit} VA.",
  overloadWarning: "Coupé à l’alerte de dépassement du compteur.",
  budgetNumbers: "Il lui faut {requested} W, {available} W disponibles.",
  surplusNeed: "Il lui faut {need} W de surplus solaire.",
  surplusStarted: "Démarré avec {surplus} W de surplus pour {need} W.",
  surplusSetpoint: "Consigne {setpoint} W, elle suit le surplus.",
  guaranteeNeed: "{minutes} min garanties par jour, en heures creuses ce que le soleil n’a pas donné.",
  loadHint: "priorité {priority} · {power} W",
  suspicious: "Le compteur ou le calendrier se contredisent : la couleur affichée est peut-être fausse.",
  // Water heaters and heat pumps (status-manager.ts), from the manager's tank and the load's SG-Ready order.
  tankAt: "Ballon à {temperature} °C (visée : {target} °C).",
  waterAt: "Eau à {temperature} °C (visée : {target} °C).",
  probeNone: "Pas de sonde : le thermostat du ballon règle sa température.",
  probeFailed: "Sonde en défaut : température inconnue (visée : {target} °C).",
  probeSilent: "Sonde muette {since} : température inconnue (visée : {target} °C).",
  probeNoReading: "Sonde : pas encore de lecture (visée : {target} °C).",
  boostUntil: "Relance {until}.",
  boostUntilOrTarget: "Relance {until}, ou jusqu’à {target} °C.",
  legionellaRunning: "Anti-légionelle en cours : chauffe jusqu’à {target} °C.",
  legionellaNight: "Anti-légionelle en cours : relais fermé jusqu’à 6 h (sans lecture de sonde).",
  legionellaDue: "Anti-légionelle à faire : la prochaine nuit bleue, en heures creuses.",
  sgLine: "SG-Ready {state}, {words} : {why}.",
  sgBlueNight: "nuit bleue en heures creuses, la chaleur la moins chère",
  sgOffPeak: "heures creuses, la chaleur moins chère",
  sgNeither: "ni bloquée ni conseillée en ce moment",
});

type Texts = { readonly [K in keyof typeof FR]: string };

const EN: Texts = Object.freeze({
  clock: "It is {now}",
  lastData: "meter data from {at}",
  noData: "no meter data",
  meterLost: "Meter silent {since}: the power drawn is no longer measured.",
  meterLostNever: "Meter silent: no frame received, the power drawn is not measured.",
  meterWaiting: "Waiting for the meter's first frame.",
  power: "Power: {power} VA of {limit} VA",
  powerUnknown: "Power: no reading",
  todayLine: "Today: {colour}, {period}",
  periodUntil: "{period} {until}",
  tomorrowUnknown: "not announced yet",
  fromMeter: "the meter",
  fromMemory: "the box's memory",
  fromYesterday: "yesterday's announcement",
  fromClock: "the box's clock",
  colourFrom: "Colour given by {colour}, hours by {period}.",
  colourGiven: "Colour given by {colour}.",
  bothFrom: "Colour and hours given by {source}.",
  colourUnknownAs: "Today's colour is not known: treated as a {colour} day (setting).",
  then: "then {state}: {reason}",
  overloadNumbers: "{drawn} VA drawn against a {limit} VA limit.",
  overloadWarning: "Cut at the meter's overload warning.",
  budgetNumbers: "Needs {requested} W, {available} W available.",
  surplusNeed: "Needs {need} W of solar surplus.",
  surplusStarted: "Started on {surplus} W of surplus for {need} W.",
  surplusSetpoint: "Setpoint {setpoint} W, following the surplus.",
  guaranteeNeed: "{minutes} min guaranteed a day, what the sun did not give run in off-peak hours.",
  loadHint: "priority {priority} · {power} W",
  suspicious: "The meter or the calendar contradict each other: the colour shown may be wrong.",
  tankAt: "Tank at {temperature} °C (target {target} °C).",
  waterAt: "Water at {temperature} °C (target {target} °C).",
  probeNone: "No probe: the tank's own thermostat sets its temperature.",
  probeFailed: "Probe failing: temperature unknown (target {target} °C).",
  probeSilent: "Probe silent {since}: temperature unknown (target {target} °C).",
  probeNoReading: "Probe: no reading yet (target {target} °C).",
  boostUntil: "Boost {until}.",
  boostUntilOrTarget: "Boost {until}, or up to {target} °C.",
  legionellaRunning: "Anti-legionella run on: heating up to {target} °C.",
  legionellaNight: "Anti-legionella run on: relay closed until 06:00 (no probe reading).",
  legionellaDue: "Anti-legionella run due: the next blue night, in off-peak hours.",
  sgLine: "SG-Ready {state}, {words}: {why}.",
  sgBlueNight: "blue night in off-peak hours, the cheapest heat",
  sgOffPeak: "off-peak hours, cheaper heat",
  sgNeither: "neither locked nor recommended now",
});

export const STATUS_TEXTS: Readonly<Record<Lang, Texts>> = Object.freeze({ fr: FR, en: EN });

/** What holds a load where it is, as an owner reads it. */
export const HOLD_TEXTS: Readonly<Record<Lang, Readonly<Record<LoadHold["by"], string>>>> = Object.freeze({
  fr: Object.freeze({
    min_on: "durée minimale de marche (ménage le relais)",
    min_off: "durée minimale d’arrêt (ménage le relais)",
    switch_budget: "assez de commutations pour aujourd’hui (ménage le relais)",
  }),
  en: Object.freeze({
    min_on: "minimum on time (spares the relay)",
    min_off: "minimum off time (spares the relay)",
    switch_budget: "enough switching for today (spares the relay)",
  }),
});

/** `template` with each {name} replaced by `values[name]` (a name without a value stays as written: a visible bug). */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole));
}
