"""Report languages: the report's messages (messages.py) through nrikit's gettext catalogues.

The English text of every report message lives in `messages.py` under a key; its translations
are in nrikit's catalogues (`src/nrikit/locales/<lang>/LC_MESSAGES/nrikit.po`, see nrikit.i18n),
the same catalogues that translate findings and taxonomy labels. An NRI adds or overrides a
language without touching nrikit:

1. copy `src/nrikit/locales/nrikit.pot` to `<lang>.po` in a folder of its own (e.g.
   `locales/pt.po` next to the edition config) and fill in the `msgstr`s with any PO editor
   (Poedit, Weblate, Lokalize; keep the `{placeholders}`);
2. point the edition at it with `[report] locales = "locales"` (or pass
   `nrikit report --locales DIR`), and choose it with `[report] lang = "pt"` or `--lang pt`.

A message missing from a catalogue falls back to English, so a partial translation still
renders. A file in the NRI's folder with the name of a built-in language (`es.po`) overrides
only the messages it holds. Dates and numbers follow the language's CLDR conventions (Babel).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import i18n
from ..errors import ConfigError
from .messages import MESSAGES


def available(extra_dir: Path | None = None) -> list[str]:
    return i18n.available(extra_dir)


class Translator:
    """t(key, **params): the message in this language, else English, else the key itself."""

    def __init__(self, lang: str, extra_dir: Path | None = None):
        if extra_dir is not None and not extra_dir.is_dir():
            raise ConfigError(f"report locales folder not found: {extra_dir}", key="report.locales")
        if lang not in available(extra_dir):
            raise ConfigError(
                f"no report language {lang!r}; available: {', '.join(available(extra_dir))} "
                f"(add <lang>.po to a folder named by [report] locales)",
                key="report.lang",
            )
        self.lang = lang
        self.extra = extra_dir
        try:
            i18n.locale(lang)
        except (ValueError, LookupError):
            raise ConfigError(
                f"{lang!r} is not a language code Babel knows (e.g. pt, pt_BR)", key="report.lang"
            ) from None

    def __call__(self, key: str, default: str | None = None, **params) -> str:
        msgid = MESSAGES.get(key, default if default is not None else key)
        return i18n.gettext(self.lang, msgid, self.extra, **params)

    def has(self, key: str) -> bool:
        return key in MESSAGES

    def text(self, msgid: str, **params) -> str:
        """A message given by its English text (a taxonomy label, a finding)."""
        return i18n.gettext(self.lang, msgid, self.extra, **params)

    def finding(self, row: dict) -> str:
        return i18n.render_stored(self.lang, row, self.extra)[0]

    def localise(self, data) -> None:
        """Put the data's own words in this language: group labels (taxonomies' English msgids,
        translated by nrikit's and the plugins' catalogues) and findings (stored as message ids)."""
        data.groups = {gid: self.text(label) for gid, label in data.groups.items()}
        for rows in (data.committee_balance, data.history_committee):
            for r in rows:
                if r.get("stakeholder_label"):
                    r["stakeholder_label"] = self.text(r["stakeholder_label"])
        for f in data.findings:
            f["message"], f["hint"] = i18n.render_stored(self.lang, f, self.extra)

    def number(self, value, digits: int = 0) -> str:
        if value is None:
            return self("common.withheld")
        return i18n.number(self.lang, value, digits)

    def pct(self, value) -> str:
        return self("common.withheld") if value is None else i18n.number(self.lang, value, 1) + "%"

    def date(self, value) -> str:
        if not value:
            return self("common.not_recorded")
        value = _as_date(value)
        return i18n.date(self.lang, value) if isinstance(value, dt.date) else value

    def date_range(self, start, end) -> str:
        if not end or start == end:
            return self.date(start)
        a, b = _as_date(start), _as_date(end)
        if isinstance(a, dt.date) and isinstance(b, dt.date):
            return i18n.date_range(self.lang, a, b)
        return f"{self.date(start)} – {self.date(end)}"


def _as_date(value):
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value
