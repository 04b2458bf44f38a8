// Portal wording in French (first) and English: one frozen table per language, same keys in both.
// Never holds markup or user data: page.ts escapes and assembles; these are plain texts.

import type { Lang } from "../text/i18n";
import type { FieldErrorCode, FieldName } from "./form";

const FR = Object.freeze({
  title: "Délesteur — première configuration",
  intro: "Reliez le délesteur à votre Wi-Fi et à Apple Maison. Tout se règle sur cette page.",
  switchLang: "English",
  sectionWifi: "Votre réseau Wi-Fi",
  networksFound: "Réseaux trouvés (le plus fort en premier)",
  noNetworks: "Aucun réseau trouvé. Saisissez son nom ci-dessous.",
  hiddenNetwork: "Autre réseau (masqué) :",
  hiddenPlaceholder: "Nom du réseau (SSID)",
  open: "ouvert",
  secured: "protégé",
  signal: "signal",
  wifiPassword: "Mot de passe Wi-Fi",
  wifiPasswordHint: "Laissez vide pour un réseau ouvert.",
  sectionHomeKit: "Apple Maison (HomeKit)",
  setupCode: "Code de configuration HomeKit",
  setupCodeHint: "Un code neuf vous est proposé ; notez-le. Format 123-45-678.",
  qrCaption: "Code QR du code proposé, à scanner dans l’app Maison une fois le délesteur connecté.",
  sectionMeter: "Compteur Linky",
  ticMode: "Mode TIC",
  ticAuto: "automatique",
  ticHistoric: "historique (1200 bauds)",
  ticStandard: "standard (9600 bauds)",
  sectionAp: "Point d’accès de configuration",
  apName: "Nom du point d’accès :",
  apDefaultWarning: "Il utilise encore le mot de passe d’usine : changez-le.",
  apPassword: "Nouveau mot de passe du point d’accès",
  apPasswordAgain: "Répétez le nouveau mot de passe",
  apPasswordHint: "Laissez vide pour le garder. 8 à 63 caractères.",
  save: "Enregistrer et redémarrer",
  errorsIntro: "Rien n’a été enregistré. Corrigez :",
  savedTitle: "C’est enregistré",
  savedJoining: "Le délesteur redémarre et rejoint le réseau",
  savedSteps:
    "Ce point d’accès va disparaître. Reconnectez votre téléphone à votre Wi-Fi habituel, puis dans l’app Maison : Ajouter un accessoire, et scannez ce code QR ou tapez le code",
  savedFallback:
    "Si le délesteur ne parvient pas à se connecter, il continue d’essayer et rouvre ce point d’accès après quelques minutes.",
  notFound: "Page introuvable.",
});

type Texts = { readonly [K in keyof typeof FR]: string };

const EN: Texts = Object.freeze({
  title: "Load shedder — first set-up",
  intro: "Connect the load shedder to your Wi-Fi and to Apple Home. Everything is set on this page.",
  switchLang: "Français",
  sectionWifi: "Your Wi-Fi network",
  networksFound: "Networks found (strongest first)",
  noNetworks: "No network found. Type its name below.",
  hiddenNetwork: "Other (hidden) network:",
  hiddenPlaceholder: "Network name (SSID)",
  open: "open",
  secured: "secured",
  signal: "signal",
  wifiPassword: "Wi-Fi password",
  wifiPasswordHint: "Leave empty for an open network.",
  sectionHomeKit: "Apple Home (HomeKit)",
  setupCode: "HomeKit setup code",
  setupCodeHint: "A fresh code is proposed; write it down. Format 123-45-678.",
  qrCaption: "QR code of the proposed code, to scan in the Home app once the box is connected.",
  sectionMeter: "Linky meter",
  ticMode: "TIC mode",
  ticAuto: "automatic",
  ticHistoric: "historic (1200 baud)",
  ticStandard: "standard (9600 baud)",
  sectionAp: "Set-up access point",
  apName: "Access point name:",
  apDefaultWarning: "It still uses the factory password: change it.",
  apPassword: "New access point password",
  apPasswordAgain: "Repeat the new password",
  apPasswordHint: "Leave empty to keep it. 8 to 63 characters.",
  save: "Save and restart",
  errorsIntro: "Nothing was saved. Please fix:",
  savedTitle: "Saved",
  savedJoining: "The box restarts and joins the network",
  savedSteps:
    "This access point will disappear. Reconnect your phone to your usual Wi-Fi, then in the Home app: Add Accessory, and scan this QR code or type the code",
  savedFallback: "If the box cannot connect, it keeps trying and opens this access point again after a few minutes.",
  notFound: "Page not found.",
});

export const TEXTS: Readonly<Record<Lang, Texts>> = Object.freeze({ fr: FR, en: EN });

/** Each field's name as the owner reads it: every error message starts with it. */
export const FIELD_LABELS: Readonly<Record<Lang, Readonly<Record<FieldName, string>>>> = Object.freeze({
  fr: Object.freeze({ ssid: "Réseau Wi-Fi", psk: "Mot de passe Wi-Fi", code: "Code HomeKit", tic: "Mode TIC", ap_psk: "Mot de passe du point d’accès" }),
  en: Object.freeze({ ssid: "Wi-Fi network", psk: "Wi-Fi password", code: "HomeKit code", tic: "TIC mode", ap_psk: "Access point password" }),
});

export const ERROR_TEXTS: Readonly<Record<Lang, Readonly<Record<FieldErrorCode, string>>>> = Object.freeze({
  fr: Object.freeze({
    "ssid-missing": "choisissez un réseau ou saisissez son nom.",
    "ssid-too-long": "32 octets au plus.",
    "psk-required": "ce réseau est protégé, le mot de passe est nécessaire.",
    "psk-length": "8 à 63 caractères (ou 64 chiffres hexadécimaux).",
    "psk-characters": "lettres, chiffres et ponctuation ASCII seulement.",
    "code-format": "8 chiffres au format 123-45-678.",
    "code-trivial": "ce code est trop simple (chiffres tous identiques, 123-45-678, 876-54-321) ; gardez celui proposé.",
    "tic-unknown": "choisissez automatique, historique ou standard.",
    "ap-psk-length": "8 à 63 caractères.",
    "ap-psk-characters": "lettres, chiffres et ponctuation ASCII seulement.",
    "ap-psk-mismatch": "les deux saisies diffèrent.",
  }),
  en: Object.freeze({
    "ssid-missing": "pick a network or type its name.",
    "ssid-too-long": "32 bytes at most.",
    "psk-required": "this network is protected, the password is needed.",
    "psk-length": "8 to 63 characters (or 64 hex digits).",
    "psk-characters": "ASCII letters, digits and punctuation only.",
    "code-format": "8 digits as 123-45-678.",
    "code-trivial": "this code is too simple (all digits the same, 123-45-678, 876-54-321); keep the proposed one.",
    "tic-unknown": "pick automatic, historic or standard.",
    "ap-psk-length": "8 to 63 characters.",
    "ap-psk-characters": "ASCII letters, digits and punctuation only.",
    "ap-psk-mismatch": "the two entries differ.",
  }),
});
