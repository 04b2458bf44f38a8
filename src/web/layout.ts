// The frame every page of the box's web page shares: document head, inline CSS, navigation, links keeping the language.
// Never loads anything from outside and never runs a script: the page works with plain links and forms.

import type { Lang } from "../text/i18n";
import { escapeHtml } from "../text/html";
import { AUTH_TEXTS } from "./auth-texts";
import { CSRF_FIELD } from "./guard";
import { WEB_TEXTS } from "./texts";

/** The status page reloads itself this often (a meta refresh: no script needed). */
export const STATUS_REFRESH_S = 30;

const CSS =
  "body{font:16px/1.4 system-ui,sans-serif;margin:0 auto;max-width:34em;padding:.8em;color:#222;background:#fafafa}" +
  "h1{font-size:1.3em;margin:.2em 0}h2{font-size:1.05em;margin:1.2em 0 .4em;border-bottom:1px solid #ddd}" +
  "h3{font-size:1em;margin:0 0 .2em;display:flex;justify-content:space-between;align-items:flex-start;gap:.5em}" +
  "nav{display:flex;flex-wrap:wrap;gap:1em;justify-content:flex-end;align-items:baseline;font-size:.95em}p{margin:.3em 0}" +
  "form.inline{display:inline;margin:0}button.link{background:none;color:#1d5fd1;padding:0;text-decoration:underline;font-size:1em}" +
  "code.token{display:block;font:1em monospace;background:#fff;border:1px solid #bbb;padding:.5em;overflow-wrap:anywhere;user-select:all}" +
  ".hint{color:#666;font-size:.85em}.num{font:.8em monospace;color:#444;overflow-wrap:anywhere}" +
  ".load{background:#fff;border:1px solid #ddd;border-radius:.5em;padding:.6em;margin:.5em 0}" +
  ".st{font-size:.85em;padding:.1em .5em;border-radius:1em;white-space:nowrap}.on{background:#d9f2dc;color:#185c22}" +
  ".off{background:#eee;color:#555}.c{padding:.1em .5em;border-radius:.3em;border:1px solid #bbb}" +
  ".c-blue{background:#1d5fd1;color:#fff}.c-white{background:#fff}.c-red{background:#c62828;color:#fff}.c-unknown{background:#ddd}" +
  ".mode{font-weight:600}.m-HEAT{color:#b24d00}.warn{color:#a33}" +
  ".err{background:#fdecea;border:1px solid #e0a39a;padding:.6em;border-radius:.4em}" +
  ".ok{background:#e6f4ea;border:1px solid #9fd1aa;padding:.6em;border-radius:.4em}" +
  ".bar{height:.5em;background:#e3e3e3;border-radius:.3em;overflow:hidden}.bar div{height:100%;background:#1d5fd1}" +
  "form.row{display:flex;flex-wrap:wrap;gap:.4em;align-items:flex-end;margin-top:.4em;font-size:.9em}" +
  "form.row label{flex:1 1 7em}form.row input,form.row select{width:100%;box-sizing:border-box}" +
  "button{font-size:1em;padding:.5em .9em;border:0;border-radius:.4em;background:#1d5fd1;color:#fff}" +
  "#mode-switch{width:100%;padding:.7em;margin:.3em 0}" +
  "fieldset{border:1px solid #ddd;border-radius:.5em;margin:.6em 0;background:#fff}" +
  "fieldset label{display:block;margin:.4em 0}fieldset input,fieldset select{width:100%;box-sizing:border-box;font-size:1em;padding:.35em}" +
  "fieldset .ck{display:inline-block;margin:.2em 1em .2em 0}fieldset .ck input{width:auto}fieldset small{display:block}" +
  ".bad input,.bad select{border:2px solid #c62828}.fe{color:#a33;font-size:.85em}" +
  // An owner's name may be one long word: it wraps inside its card instead of widening a phone's page.
  ".name{min-width:0;overflow-wrap:anywhere}" +
  ".alert{background:#c62828;color:#fff;font-weight:600;padding:.6em;border-radius:.4em}";

/** A link to one of our pages that keeps the chosen language. */
export function hrefFor(path: string, lang: Lang, extra = ""): string {
  return `${path}?lang=${lang}${extra}`;
}

export type PagePath = "/" | "/settings" | "/account" | "/login";

/** The logout button: a POST with the session's token, so another page cannot log the owner out. */
function logoutForm(lang: Lang, csrfToken: string): string {
  return (
    `<form method="post" action="/logout" class="inline"><input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrfToken)}">` +
    `<input type="hidden" name="lang" value="${lang}"><button type="submit" class="link" id="logout">${escapeHtml(AUTH_TEXTS[lang].logout)}</button></form>`
  );
}

/** Links to the other pages (keeping the language); logged in (`csrfToken` given): access and logout, else login. */
export function navigation(lang: Lang, current: PagePath, csrfToken?: string): string {
  const t = WEB_TEXTS[lang];
  const other: Lang = lang === "fr" ? "en" : "fr";
  const links: string[] = [];
  if (current !== "/") links.push(`<a href="${hrefFor("/", lang)}">${escapeHtml(t.statusLink)}</a>`);
  if (current !== "/settings") links.push(`<a href="${hrefFor("/settings", lang)}">${escapeHtml(t.settingsLink)}</a>`);
  if (csrfToken !== undefined) {
    if (current !== "/account") links.push(`<a href="${hrefFor("/account", lang)}">${escapeHtml(AUTH_TEXTS[lang].accountLink)}</a>`);
    links.push(logoutForm(lang, csrfToken));
  } else if (current !== "/login") {
    links.push(`<a href="${hrefFor("/login", lang)}" id="login-link">${escapeHtml(AUTH_TEXTS[lang].loginLink)}</a>`);
  }
  links.push(`<a href="${hrefFor(current, other)}" hreflang="${other}">${escapeHtml(t.switchLang)}</a>`);
  return `<nav>${links.join("")}</nav>`;
}

/** The page's frame around its body, as the text before it and the text after it. */
function documentFrame(lang: Lang, title: string, refresh: boolean): readonly [string, string] {
  const meta = refresh ? `<meta http-equiv="refresh" content="${STATUS_REFRESH_S};url=${hrefFor("/", lang)}">` : "";
  const head =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">${meta}<title>${escapeHtml(title)}</title>` +
    `<style>${CSS}</style></head><body>`;
  return [head, `</body></html>`];
}

export function documentOf(lang: Lang, title: string, body: string, refresh = false): string {
  const [head, tail] = documentFrame(lang, title, refresh);
  return head + body + tail;
}

/** The same document as a list of pieces around the body's own pieces: a long page is never one string. */
export function documentPieces(lang: Lang, title: string, body: string[], refresh = false): string[] {
  const [head, tail] = documentFrame(lang, title, refresh);
  body.unshift(head);
  body.push(tail);
  return body;
}
