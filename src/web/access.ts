// Who is asking: the credential a request carries (login session cookie, bearer token, or none), and whether it may write.
// Never lets a cookie write without its session's CSRF token and a same-origin Origin: the browser sends cookies by itself.

import type { HttpRequest } from "../../lib/http";
import type { OwnerAuth } from "../auth/owner-auth";
import type { Session } from "../auth/sessions";
import type { TokenInfo } from "../auth/tokens";
import { bearerToken, originAllowed, sessionCookies, tokenMatches } from "./guard";

export type Access =
  | { kind: "session"; session: Session }
  | { kind: "token"; token: TokenInfo }
  /** An Authorization header that names no live token (revoked, mistyped, another scheme). */
  | { kind: "bad-token" }
  | { kind: "none" };

/** At most this many session cookies are looked up per request (a page elsewhere on the host may plant some). */
const MAX_SESSION_COOKIES = 4;

export function accessOf(request: HttpRequest, auth: OwnerAuth): Access {
  const bearer = bearerToken(request.headers["authorization"]);
  if (bearer !== undefined) {
    const token = bearer === "" ? undefined : auth.bearer(bearer);
    return token === undefined ? { kind: "bad-token" } : { kind: "token", token };
  }
  const ids = sessionCookies(request.headers["cookie"]);
  for (let i = 0; i < ids.length && i < MAX_SESSION_COOKIES; i++) {
    const session = auth.session(ids[i]);
    if (session !== undefined) return { kind: "session", session };
  }
  return { kind: "none" };
}

export type WriteCheck = "ok" | "unauthenticated" | "forbidden";

/**
 * In order: no credential → unauthenticated (401 or the login page); a browser Origin that is not this box →
 * forbidden; a session must also show its CSRF token (form field or header), which only its own pages hold;
 * a bearer token needs nothing more (a browser never attaches one by itself).
 */
export function writeCheck(access: Access, request: HttpRequest, csrfGiven: string | undefined): WriteCheck {
  if (access.kind === "none" || access.kind === "bad-token") return "unauthenticated";
  if (!originAllowed(request.headers["origin"], request.headers["host"])) return "forbidden";
  if (access.kind === "session" && !tokenMatches(csrfGiven, access.session.csrfToken)) return "forbidden";
  return "ok";
}
