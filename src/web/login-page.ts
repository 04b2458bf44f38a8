// Renders the login page, or the first-password page while the owner has none (trust on first use).
// Never echoes a password back and never writes a caller's string into markup without escapeHtml.

import type { Lang } from "../text/i18n";
import { escapeHtml } from "../text/html";
import { PASSWORD_RULES } from "../auth/password-hash";
import { AUTH_TEXTS } from "./auth-texts";
import { documentOf, hrefFor, navigation, type PagePath } from "./layout";

/** Where a login may send the browser back to: our own pages only (never a URL a link could choose). */
export const LOGIN_NEXT_PAGES: readonly PagePath[] = Object.freeze(["/", "/settings", "/account"]);

export function loginNext(value: string | undefined): PagePath {
  return LOGIN_NEXT_PAGES.indexOf(value as PagePath) >= 0 ? (value as PagePath) : "/settings";
}

export type LoginMessage = "wrong" | "wait" | "busy" | "already-set" | "too-short" | "too-long" | "mismatch";

export interface LoginPageInput {
  lang: Lang;
  /** False: the first-password form instead of the login form. */
  hasPassword: boolean;
  next: PagePath;
  message?: LoginMessage;
  /** Failures since the last login and the wait before the next check (shown so the owner knows). */
  failures: number;
  waitMs: number;
}

function messageText(input: LoginPageInput): string | undefined {
  const t = AUTH_TEXTS[input.lang];
  switch (input.message) {
    case undefined:
      return undefined;
    case "wrong":
      return t.wrongPassword;
    case "wait":
      return undefined; // the wait line below says it
    case "busy":
      return t.busy;
    case "already-set":
      return t.alreadySet;
    case "too-short":
      return t.tooShort;
    case "too-long":
      return t.tooLong;
    case "mismatch":
      return t.mismatch;
  }
}

function passwordInput(name: string, label: string, autocomplete: string, id: string): string {
  return `<label>${escapeHtml(label)}<input type="password" name="${name}" id="${id}" maxlength="${PASSWORD_RULES.maxChars}" autocomplete="${autocomplete}" required></label>`;
}

export function renderLoginPage(input: LoginPageInput): string {
  const t = AUTH_TEXTS[input.lang];
  const title = input.hasPassword ? t.loginTitle : t.firstTitle;
  let body = navigation(input.lang, "/login") + `<h1>${escapeHtml(title)}</h1>`;
  const message = messageText(input);
  if (message !== undefined) body += `<p class="err" role="alert" id="login-error">${escapeHtml(message)}</p>`;
  if (input.waitMs > 0) body += `<p class="err" id="login-wait">${escapeHtml(t.waitBefore)} ${Math.ceil(input.waitMs / 1000)} ${escapeHtml(t.seconds)}.</p>`;
  const hidden = `<input type="hidden" name="lang" value="${input.lang}"><input type="hidden" name="next" value="${input.next}">`;
  if (input.hasPassword) {
    body +=
      `<p>${escapeHtml(t.loginIntro)}</p><form method="post" action="/login" class="auth">${hidden}` +
      `<fieldset>${passwordInput("password", t.password, "current-password", "password")}</fieldset>` +
      `<button type="submit" id="login">${escapeHtml(t.login)}</button></form>`;
    if (input.failures > 0) body += `<p class="hint" id="failures">${escapeHtml(t.failuresSince)} ${input.failures}</p>`;
  } else {
    body +=
      `<p>${escapeHtml(t.firstIntro)}</p><form method="post" action="/setup-password" class="auth">${hidden}<fieldset>` +
      passwordInput("password", t.newPassword, "new-password", "password") +
      passwordInput("password2", t.newPasswordAgain, "new-password", "password2") +
      `<small class="hint">${escapeHtml(t.passwordHint)}</small></fieldset>` +
      `<button type="submit" id="choose">${escapeHtml(t.choose)}</button></form>`;
  }
  body += `<p class="hint"><a href="${hrefFor("/", input.lang)}">↩</a></p>`;
  return documentOf(input.lang, title, body);
}
