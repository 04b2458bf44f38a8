// The languages the box speaks (French first, English) and how a request picks one.
// Never holds wording: each page keeps its own text tables keyed by Lang.

export type Lang = "fr" | "en";

/** `?lang=` wins; else the first Accept-Language tag that is French or English; else French. */
export function pickLang(queryLang: string | undefined, acceptLanguage: string | undefined): Lang {
  if (queryLang === "en" || queryLang === "fr") return queryLang;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === "fr" || tag === "en") return tag;
  }
  return "fr";
}
