// HTML escaping for every page the box serves (set-up portal, web page).
// Never decides what is markup: it only makes a caller's string safe inside text and double-quoted attributes.

const ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
});

/** Escape for both text and double-quoted attribute contexts (SSIDs are attacker-chosen text). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
