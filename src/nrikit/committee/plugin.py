"""The committee instance's Datasette hooks: its routes, who the visitor is, what they may do, and a guard.

Registered on Datasette's plugin manager by CommitteeApp. Every hook first checks
that the instance is a committee one (`datasette._nrikit_committee`) and otherwise
does nothing, so a public site in the same process is untouched.
"""

from __future__ import annotations

import re

from datasette import hookimpl

# What each role may do in the committee app. Every other action, Datasette's own
# included (view-instance, view-table, execute-sql...), is denied to everyone.
ALLOWED = {
    "nrikit-committee-view": {"secretariat", "member", "observer"},
    "nrikit-committee-act": {"secretariat", "member"},
    "nrikit-committee-manage": {"secretariat"},
}

SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"private, no-store"),
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        b"frame-ancestors 'none'; base-uri 'none'",
    ),
]


def _app(datasette):
    return getattr(datasette, "_nrikit_committee", None)


@hookimpl
def register_routes(datasette):
    if _app(datasette) is None:
        return None
    from .views import ROUTES

    return ROUTES


@hookimpl
def actor_from_request(datasette, request):
    app = _app(datasette)
    if app is None:
        return None
    token = app.token_from(request.cookies.get("nrikit_committee"))
    if token is None:
        return None

    async def inner():
        from .sessions import actor_for_token

        return await app.store.read(lambda db, _p: actor_for_token(db, token, app.edition.id))

    return inner()


@hookimpl(trylast=True)
def permission_allowed(datasette, actor, action, resource):
    # trylast: Datasette keeps the last answer that is not None, so this one is final.
    app = _app(datasette)
    if app is None:
        return None
    if not actor or not actor.get("nrikit_committee") or actor.get("edition") != app.edition.id:
        return False
    return actor.get("role") in ALLOWED.get(action, ())


@hookimpl(tryfirst=True)
def asgi_wrapper(datasette):
    app = _app(datasette)
    if app is None:
        return None
    from .views import ROUTES

    patterns = [re.compile(pattern) for pattern, _ in ROUTES]

    def wrap(inner):
        async def guard(scope, receive, send):
            if scope["type"] != "http":
                await inner(scope, receive, send)
                return
            headers = dict(scope.get("headers") or [])
            # asgi-csrf lets "Authorization: Bearer" requests through unchecked; the committee has no API.
            if b"authorization" in headers:
                await _plain(send, 403, b"The committee workspace takes no API tokens.")
                return
            if not any(p.fullmatch(scope["path"]) for p in patterns):
                # Datasette's own pages (tables, SQL, JSON, /-/ debug pages) are not part of the committee app.
                from http.cookies import SimpleCookie

                cookie = SimpleCookie()
                try:
                    cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
                except Exception:
                    cookie = SimpleCookie()
                morsel = cookie.get("nrikit_committee")
                if morsel is None or app.token_from(morsel.value) is None:
                    await _redirect(send, "/sign-in")
                else:
                    await _plain(send, 403, b"Not part of the committee workspace.")
                return

            async def send_with_headers(event):
                if event["type"] == "http.response.start":
                    kept = [(k, v) for k, v in event.get("headers") or [] if k.lower() != b"cache-control"]
                    event = dict(event, headers=kept + SECURITY_HEADERS)
                await send(event)

            await inner(scope, receive, send_with_headers)

        return guard

    return wrap


async def _plain(send, status: int, body: bytes):
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str):
    await send(
        {
            "type": "http.response.start",
            "status": 302,
            "headers": [(b"location", location.encode()), *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": b""})
