// Renders the access page for a logged-in owner: change the password, list, create and revoke bearer tokens.
// Never shows a token except the one just created (once), and never writes a caller's string unescaped.

import type { TokenInfo } from "../auth/tokens";
import type { Lang } from "../text/i18n";
import { escapeHtml } from "../text/html";
import { PASSWORD_RULES } from "../auth/password-hash";
import { TOKEN_LIMITS } from "../auth/tokens";
import { AUTH_TEXTS } from "./auth-texts";
import { CSRF_FIELD } from "./guard";
import { documentOf, navigation } from "./layout";
import { formatLocalTime } from "./status-page";

export type AccountNotice = "password" | "revoked";

export interface AccountPageInput {
  lang: Lang;
  csrfToken: string;
  nowMs: number;
  tokens: readonly TokenInfo[];
  notice?: AccountNotice;
  /** The token just created: shown this once, never again. */
  newToken?: string;
  /** A refusal, already in the page's language, and which form it belongs to. */
  error?: { form: "password" | "token"; text: string };
}

export function isAccountNotice(value: string | undefined): value is AccountNotice {
  return value === "password" || value === "revoked";
}

function hidden(input: AccountPageInput): string {
  return `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(input.csrfToken)}"><input type="hidden" name="lang" value="${input.lang}">`;
}

function errorFor(input: AccountPageInput, form: "password" | "token"): string {
  return input.error?.form === form ? `<p class="err" role="alert" id="${form}-error">${escapeHtml(input.error.text)}</p>` : "";
}

function passwordSection(input: AccountPageInput): string {
  const t = AUTH_TEXTS[input.lang];
  const field = (name: string, label: string, autocomplete: string) =>
    `<label>${escapeHtml(label)}<input type="password" name="${name}" maxlength="${PASSWORD_RULES.maxChars}" autocomplete="${autocomplete}" required></label>`;
  return (
    `<h2>${escapeHtml(t.sectionPassword)}</h2>${errorFor(input, "password")}` +
    `<form method="post" action="/account/password">${hidden(input)}<fieldset>` +
    field("current", t.currentPassword, "current-password") +
    field("password", t.newPassword, "new-password") +
    field("password2", t.newPasswordAgain, "new-password") +
    `<small class="hint">${escapeHtml(t.passwordHint)} ${escapeHtml(t.changeNote)}</small></fieldset>` +
    `<button type="submit" id="change-password">${escapeHtml(t.changePassword)}</button></form>`
  );
}

function tokenSection(input: AccountPageInput): string {
  const t = AUTH_TEXTS[input.lang];
  let html = `<h2>${escapeHtml(t.sectionTokens)}</h2><p class="hint">${escapeHtml(t.tokensIntro)}</p>`;
  if (input.newToken !== undefined) html += `<div class="ok" role="status"><p>${escapeHtml(t.newTokenShown)}</p><code class="token" id="new-token">${escapeHtml(input.newToken)}</code></div>`;
  if (input.tokens.length === 0) html += `<p id="no-tokens">${escapeHtml(t.noTokens)}</p>`;
  for (const token of input.tokens) {
    html +=
      `<section class="load" data-token="${escapeHtml(token.id)}"><h3><span class="name">${escapeHtml(token.name)}</span>` +
      `<form method="post" action="/account/tokens/${escapeHtml(token.id)}/revoke" class="inline">${hidden(input)}` +
      `<button type="submit">${escapeHtml(t.revoke)}</button></form></h3>` +
      `<p class="hint">${escapeHtml(token.id)} · ${escapeHtml(t.created)} ${formatLocalTime(token.createdMs, input.nowMs)}</p></section>`;
  }
  html +=
    errorFor(input, "token") +
    `<form method="post" action="/account/tokens" class="row">${hidden(input)}` +
    `<label>${escapeHtml(t.tokenName)} <input type="text" name="name" maxlength="${TOKEN_LIMITS.maxNameChars}" required></label>` +
    `<button type="submit" id="create-token">${escapeHtml(t.createToken)}</button></form>`;
  return html;
}

export function renderAccountPage(input: AccountPageInput): string {
  const t = AUTH_TEXTS[input.lang];
  let body = navigation(input.lang, "/account", input.csrfToken) + `<h1>${escapeHtml(t.accountTitle)}</h1>`;
  if (input.notice !== undefined) body += `<p class="ok" role="status" id="notice">${escapeHtml(input.notice === "password" ? t.passwordChanged : t.tokenRevoked)}</p>`;
  body += passwordSection(input) + tokenSection(input);
  return documentOf(input.lang, t.accountTitle, body);
}
