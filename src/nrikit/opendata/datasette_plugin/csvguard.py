"""Neutralise spreadsheet formulas in Datasette's CSV exports (Datasette 0.65 does not).

A cell whose text starts with =, +, -, @, tab, CR or LF is run as a formula by
Excel, LibreOffice and Google Sheets (CSV injection, OWASP). The ASGI wrapper
rewrites every CSV response as it streams: such a cell gets a leading
apostrophe, which spreadsheets show as text. Numbers (-3.5, +1e3) are left as
they are, so numeric columns stay numeric.
"""

from __future__ import annotations

import codecs
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: str) -> str:
    """The text of one cell, made safe for a spreadsheet."""
    if value and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


class CsvRewriter:
    """Incremental CSV tokeniser that rewrites unsafe cells; feed() chunks, then close()."""

    def __init__(self):
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.raw: list[str] = []  # current field as written, quotes included
        self.in_quotes = False
        self.quote_pending = False  # a quote inside a quoted field: escaped "" or the closing one

    def _field(self) -> str:
        raw = "".join(self.raw)
        self.raw = []
        if raw.startswith('"'):
            inner = raw[1:-1] if raw.endswith('"') and len(raw) > 1 else raw[1:]
            value = inner.replace('""', '"')
            fixed = neutralise(value)
            return raw if fixed == value else '"' + fixed.replace('"', '""') + '"'
        return neutralise(raw)

    def feed(self, data: bytes) -> bytes:
        out: list[str] = []
        for ch in self.decoder.decode(data):
            if self.in_quotes:
                if self.quote_pending:
                    self.quote_pending = False
                    if ch == '"':
                        self.raw.append('""')
                        continue
                    self.in_quotes = False
                    self.raw.append('"')
                elif ch == '"':
                    self.quote_pending = True
                    continue
                else:
                    self.raw.append(ch)
                    continue
            if ch == '"' and not self.raw:
                self.in_quotes = True
                self.raw.append('"')
            elif ch in ",\r\n":
                out.append(self._field())
                out.append(ch)
            else:
                self.raw.append(ch)
        return "".join(out).encode("utf-8")

    def close(self) -> bytes:
        tail = self.decoder.decode(b"", final=True)
        out = self.feed(tail.encode("utf-8")) if tail else b""
        if self.quote_pending:
            self.raw.append('"')
            self.quote_pending = False
            self.in_quotes = False
        if self.raw:
            out += self._field().encode("utf-8")
        return out


def _is_csv(scope, headers) -> bool:
    ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"").lower()
    path = scope.get("path", "")
    return ctype.startswith(b"text/csv") or (path.endswith(".csv") and ctype.startswith(b"text/plain"))


def _may_be_csv(scope) -> bool:
    """Datasette picks CSV from a .csv extension or ?_format=csv; anything else passes straight through."""
    return scope.get("path", "").endswith(".csv") or b"_format=csv" in scope.get("query_string", b"")


class CsvFormulaGuard:
    """ASGI middleware: rewrites the body of CSV responses with CsvRewriter."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not _may_be_csv(scope):
            return await self.app(scope, receive, send)
        state = {"rewriter": None}

        async def guarded_send(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if _is_csv(scope, headers):
                    state["rewriter"] = CsvRewriter()
                    # The body length changes: drop Content-Length, the server streams it chunked.
                    message = {**message, "headers": [(k, v) for k, v in headers if k.lower() != b"content-length"]}
            elif message["type"] == "http.response.body" and state["rewriter"] is not None:
                body = state["rewriter"].feed(message.get("body", b""))
                more = message.get("more_body", False)
                if not more:
                    body += state["rewriter"].close()
                message = {**message, "body": body}
            await send(message)

        return await self.app(scope, receive, guarded_send)
