"""A hardened public instance: security headers, no introspection, GET only, bad parameters answered 400.

An ASGI wrapper around Datasette 0.65 that acts only on a site nrikit published
(its metadata carries `plugins.nrikit`); any other Datasette on the machine is
left alone. On such a site it

- adds to every response a Content-Security-Policy the pages satisfy: scripts
  only from the instance itself plus the sha256 of each inline script
  Datasette's own templates carry (read from the templates actually loaded, so
  an override is hashed as it is), no framing (`frame-ancestors 'none'`,
  `X-Frame-Options: DENY`), `X-Content-Type-Options: nosniff`,
  `Referrer-Policy: no-referrer`;
- answers 404 to every `/-/` introspection and debug page (versions, threads,
  plugins, settings, config, actor, databases, permissions, messages,
  allow-debug, ...) and to the `_internal` database; only `/-/static/` and
  `/-/static-plugins/` stay;
- answers 405 to any method but GET and HEAD (OPTIONS too when CORS is on),
  before Datasette sees the request;
- sends CORS headers only when the site was published with `[publish] cors =
  true`, and strips them otherwise (even if Datasette was started with --cors);
- refuses table parameters Datasette 0.65 turns into a 500 and a traceback
  (`_sort` on an unknown column, `_sort` with `_sort_desc`, a facet on an
  unknown column, a non-integer `_timelimit`, a `_through` that is not JSON)
  with a 400.

`handle_exception` (registered in __init__.py) is the safety net for anything
else: a one-line log entry and a 400 or 500 page without a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from urllib.parse import parse_qsl

# /-/ pages a public instance keeps: Datasette's and plugins' static files.
OPEN_DASH = ("/-/static/", "/-/static-plugins/")
METHODS = ("GET", "HEAD")
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
CSP_BASE = (
    "default-src 'none'",
    "style-src 'self' 'unsafe-inline'",  # Datasette's templates set colours in style attributes
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)
INLINE_SCRIPT = re.compile(r"<script(?:\s+type=\"module\")?\s*>(.*?)</script>", re.S)
# table.html's one templated inline script, and the values Datasette renders into it.
TEMPLATED = {"{{ datasette_allow_facet }}": ("true", "false")}
SORT_PARAMS = ("_sort", "_sort_desc")
FACET_PARAMS = ("_facet", "_facet_array", "_facet_date")


def is_nrikit_site(datasette) -> bool:
    return (datasette.metadata("plugins") or {}).get("nrikit") is not None


def cors_enabled(datasette) -> bool:
    return bool(((datasette.metadata("plugins") or {}).get("nrikit") or {}).get("cors"))


def inline_script_hashes(datasette) -> list[str]:
    """CSP sources ('sha256-...') for every inline script in the templates Datasette loads."""
    env = datasette.jinja_env
    hashes = set()
    for name in env.list_templates(extensions=["html"]):
        try:
            source = env.loader.get_source(env, name)[0]
        except Exception:
            continue
        for body in INLINE_SCRIPT.findall(source):
            variants = [body]
            for placeholder, values in TEMPLATED.items():
                if placeholder in body:
                    variants = [v.replace(placeholder, value) for v in variants for value in values]
            for text in variants:
                if "{{" in text or "{%" in text:
                    continue  # rendered per request (extra_body_script): not allowed
                digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
                hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def content_security_policy(datasette) -> str:
    script = " ".join(["script-src 'self'", *inline_script_hashes(datasette)])
    return "; ".join([*CSP_BASE, script])


def _wants_json(path: str) -> bool:
    return path.endswith(".json")


async def _respond(send, status: int, message: str, path: str, headers: list | None = None) -> None:
    if _wants_json(path):
        body = json.dumps({"ok": False, "error": message, "status": status}).encode()
        ctype = b"application/json; charset=utf-8"
    else:
        title = {400: "Bad request", 404: "Not found", 405: "Method not allowed"}.get(status, "Error")
        body = (
            f"<!DOCTYPE html>\n<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>{_escape(message)}</p></body></html>\n"
        ).encode()
        ctype = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), *(headers or [])],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class PublicHardening:
    def __init__(self, app, datasette):
        self.app = app
        self.datasette = datasette
        self._csp: str | None = None
        self._columns: dict[tuple[str, str], set[str] | None] = {}
        # Read once: Datasette 0.65 deep-copies the whole metadata on every metadata() call.
        self._site: tuple[bool, bool] | None = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self._site is None:
            self._site = (is_nrikit_site(self.datasette), cors_enabled(self.datasette))
        hardened, cors = self._site
        if not hardened:
            return await self.app(scope, receive, send)
        if self._csp is None:
            self._csp = content_security_policy(self.datasette)
        extra = [(k.encode(), v.encode()) for k, v in HEADERS.items()]
        extra.append((b"content-security-policy", self._csp.encode()))
        if cors:
            extra += [
                (b"access-control-allow-origin", b"*"),
                (b"access-control-allow-headers", b"Authorization, Content-Type"),
                (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
            ]

        async def secured_send(event):
            if event["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in event.get("headers", [])
                    if k.lower() not in {name for name, _ in extra} and not k.lower().startswith(b"access-control-")
                ]
                event = {**event, "headers": headers + extra}
            await send(event)

        path = scope.get("path", "")
        method = scope.get("method", "GET")
        if method == "OPTIONS" and cors:
            return await _respond(secured_send, 204, "", path)
        if method not in METHODS:
            allow = b"GET, HEAD, OPTIONS" if cors else b"GET, HEAD"
            return await _respond(secured_send, 405, f"{method} is not allowed", path, [(b"allow", allow)])
        if self._closed(path):
            return await _respond(secured_send, 404, "Not found", path)
        problem = await self._bad_parameter(path, scope.get("query_string", b"").decode("latin-1"))
        if problem:
            return await _respond(secured_send, 400, problem, path)
        return await self.app(scope, receive, secured_send)

    @staticmethod
    def _closed(path: str) -> bool:
        if path in ("/-", "/-/") or (path.startswith("/-/") and not path.startswith(OPEN_DASH)):
            return True
        return path == "/_internal" or path.startswith(("/_internal/", "/_internal."))

    async def _bad_parameter(self, path: str, query: str) -> str | None:
        if not query:
            return None
        args: dict[str, list[str]] = {}
        for key, value in parse_qsl(query, keep_blank_values=True):
            args.setdefault(key, []).append(value)
        if "_timelimit" in args and not all(v.isdigit() for v in args["_timelimit"]):
            return "_timelimit must be a whole number of milliseconds"
        for value in args.get("_through", []):
            try:
                through = json.loads(value)
            except ValueError:
                return '_through must be JSON: {"table": ..., "column": ..., "value": ...}'
            if not isinstance(through, dict) or not {"table", "column", "value"} <= set(through):
                return "_through must name table, column and value"
        if all(k not in args for k in (*SORT_PARAMS, *FACET_PARAMS)):
            return None
        if "_sort" in args and "_sort_desc" in args:
            return "use either _sort or _sort_desc, not both"
        columns = await self._table_columns(path)
        if columns is None:
            return None  # not a table or view page: Datasette answers it
        for key in (*SORT_PARAMS, *FACET_PARAMS):
            for value in args.get(key, []):
                if key == "_facet" and value.startswith("{"):
                    continue  # a facet given as JSON ({"array": "col"}): Datasette checks it
                if value and value not in columns:
                    return f"{key}={value}: no such column (columns: {', '.join(sorted(columns))})"
        return None

    async def _table_columns(self, path: str) -> set[str] | None:
        from datasette.utils import tilde_decode

        parts = path.strip("/").split("/")
        if len(parts) != 2:
            return None
        database, table = parts[0], re.sub(r"\.(json|csv)$", "", parts[1])
        try:
            database, table = tilde_decode(database), tilde_decode(table)
        except Exception:
            return None
        key = (database, table)
        if key not in self._columns:
            db = self.datasette.databases.get(database)
            columns = None
            if db is not None and (await db.table_exists(table) or table in await db.view_names()):
                columns = set(await db.table_columns(table))
                if table in await db.table_names():
                    columns.add("rowid")
            if db is None or db.hash is not None:  # immutable: its columns never change
                self._columns[key] = columns
            else:
                return columns
        return self._columns[key]


def quiet_exception_response(datasette, request, exception):
    """A 4xx/5xx page for an exception, logged as one line (never a traceback) on an nrikit site."""
    if not is_nrikit_site(datasette):
        return None
    from datasette.utils.asgi import Base400, Response
    from datasette.views.base import DatasetteError

    if isinstance(exception, (Base400, DatasetteError)) and getattr(exception, "status", 500) < 500:
        return None  # Datasette's own 4xx page (the default handler prints no traceback for these)
    if isinstance(exception, (DatasetteError, ValueError, TypeError, KeyError)):
        status, message = 400, "bad request: a parameter could not be used"
    else:
        status, message = 500, "internal error"
    print(
        f"nrikit: {status} for {request.method} {request.path}: {type(exception).__name__}: {exception}"[:500],
        file=sys.stderr,
    )
    if request.path.endswith(".json"):
        return Response.json({"ok": False, "error": message, "status": status}, status=status)
    return Response.html(
        f"<!DOCTYPE html>\n<html><head><title>Error {status}</title></head><body><h1>Error {status}</h1>"
        f"<p>{message}</p></body></html>\n",
        status=status,
    )
