// The web page's login, first password, logout and access page (password change, bearer tokens), as form routes.
// Never logs anyone in without a password check, and never answers a password check before it has finished.

import type { LoginResult, NewPasswordRefusal, CheckRefusal } from "../auth/owner-auth";
import { SESSION_LIMITS, type Session } from "../auth/sessions";
import type { Lang } from "../text/i18n";
import { renderAccountPage, type AccountNotice } from "./account-page";
import { AUTH_TEXTS } from "./auth-texts";
import { sessionCookie } from "./guard";
import { hrefFor, type PagePath } from "./layout";
import { loginNext, renderLoginPage, type LoginMessage } from "./login-page";
import { html, type WebResponse } from "./response";
import type { WebContext } from "./routes";

const SESSION_MAX_AGE_S = Math.floor(SESSION_LIMITS.lifetimeMs / 1000);

/** The login page (or the first-password page) in place of what was asked: nothing was done. */
export function loginPage(status: WebResponse["status"], lang: Lang, context: WebContext, next: PagePath, message?: LoginMessage): WebResponse {
  const state = context.auth.attemptState();
  return html(status, renderLoginPage({ lang, hasPassword: context.auth.hasPassword(), next, message, failures: state.failures, waitMs: state.waitMs }));
}

function loggedIn(session: Session, location: string): WebResponse {
  return html(303, "", { Location: location, "Set-Cookie": sessionCookie(session.id, SESSION_MAX_AGE_S) });
}

/** A refused check or new password as the login page says it: 429 while the box makes the caller wait. */
function refusal(result: CheckRefusal | NewPasswordRefusal, lang: Lang, context: WebContext, next: PagePath): WebResponse {
  switch (result.reason) {
    case "no-password":
      return loginPage(200, lang, context, next);
    case "wait":
      return loginPage(429, lang, context, next, "wait");
    case "busy":
      return loginPage(429, lang, context, next, "busy");
    case "wrong":
      return loginPage(401, lang, context, next, "wrong");
    default:
      return loginPage(result.reason === "already-set" ? 409 : 400, lang, context, next, result.reason);
  }
}

export async function postLogin(fields: Record<string, string>, context: WebContext, lang: Lang): Promise<WebResponse> {
  const next = loginNext(fields["next"]);
  const result: LoginResult = await context.auth.login(fields["password"] ?? "");
  return result.ok ? loggedIn(result.session, hrefFor(next, lang)) : refusal(result, lang, context, next);
}

/** Trust on first use: whoever sets the first password is the owner (the set-up portal is the better place). */
export async function postFirstPassword(fields: Record<string, string>, context: WebContext, lang: Lang): Promise<WebResponse> {
  const next = loginNext(fields["next"]);
  const password = fields["password"] ?? "";
  if (password !== (fields["password2"] ?? "")) return loginPage(400, lang, context, next, "mismatch");
  const result = await context.auth.setFirstPassword(password);
  return result.ok ? loggedIn(result.session, hrefFor(next, lang)) : refusal(result, lang, context, next);
}

export function postLogout(session: Session, context: WebContext, lang: Lang): WebResponse {
  context.auth.logout(session.id);
  return html(303, "", { Location: hrefFor("/", lang), "Set-Cookie": sessionCookie("", 0) });
}

export function accountPage(status: WebResponse["status"], session: Session, context: WebContext, lang: Lang, extra: { notice?: AccountNotice; newToken?: string; error?: { form: "password" | "token"; text: string } } = {}): WebResponse {
  return html(status, renderAccountPage({ lang, csrfToken: session.csrfToken, nowMs: context.box.nowMs(), tokens: context.auth.tokens(), ...extra }));
}

/** The current password, then the new one twice; success revokes every session and token and opens a new session. */
export async function postPasswordChange(session: Session, fields: Record<string, string>, context: WebContext, lang: Lang): Promise<WebResponse> {
  const t = AUTH_TEXTS[lang];
  const next = fields["password"] ?? "";
  if (next !== (fields["password2"] ?? "")) return accountPage(400, session, context, lang, { error: { form: "password", text: t.mismatch } });
  const result = await context.auth.changePassword(fields["current"] ?? "", next);
  if (result.ok) return loggedIn(result.session, hrefFor("/account", lang, "&notice=password"));
  const text =
    result.reason === "wrong" ? t.wrongPassword
    : result.reason === "wait" ? `${t.waitBefore} ${Math.ceil(result.waitMs / 1000)} ${t.seconds}.`
    : result.reason === "too-short" ? t.tooShort
    : result.reason === "too-long" ? t.tooLong
    : t.busy;
  const status = result.reason === "wrong" ? 401 : result.reason === "wait" || result.reason === "busy" ? 429 : 400;
  return accountPage(status, session, context, lang, { error: { form: "password", text } });
}

export function postCreateToken(session: Session, fields: Record<string, string>, context: WebContext, lang: Lang): WebResponse {
  const t = AUTH_TEXTS[lang];
  const created = context.auth.createToken(fields["name"] ?? "");
  if (created.ok) return accountPage(200, session, context, lang, { newToken: created.token });
  const text = { empty: t.tokenNameEmpty, "too-long": t.tokenNameTooLong, characters: t.tokenNameCharacters, full: t.tokensFull }[created.reason];
  return accountPage(created.reason === "full" ? 409 : 400, session, context, lang, { error: { form: "token", text } });
}

export function postRevokeToken(tokenId: string, context: WebContext, lang: Lang): WebResponse {
  context.auth.revokeToken(tokenId);
  return html(303, "", { Location: hrefFor("/account", lang, "&notice=revoked") });
}
