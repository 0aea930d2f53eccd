"""Languages: gettext catalogues (.po) read with Babel, and locale-aware numbers, dates and lists.

Every wing speaks through this module: the report, the findings, taxonomy labels. Messages are
English source text with named placeholders (`"no {group} on the committee"`), marked in the
code with `N_()` so that `pybabel extract` finds them (`make messages` regenerates
`locales/nrikit.pot`); each language is `locales/<lang>/LC_MESSAGES/nrikit.po`. A plugin ships
its own catalogue (domain = its package name) and registers the folder with the
`register_catalogues` hook (nrikit.plugins adds them when it loads plugins); an NRI adds a
language with a `<lang>.po` file in the folder named by `[report] locales`.

The .po files are read at run time (`babel.messages.pofile.read_po`, cached per language): no
compile step, so an NRI's translator edits one file and sees it in the next report, and there is
no compiled .mo to drift from its source. Reading all three built-in catalogues takes a few
milliseconds, once per process.

    gettext("es", "no {group} on the committee", group=T("Government", lower=True))
    -> "no hay gobierno en el comité"

A parameter that is itself a message (a taxonomy label) is passed as `T(msgid)` and translated
too; numbers are formatted per locale, lists joined per locale ("a, b y c"). Babel is imported
only when something is translated or formatted, so `nrikit --help` does not pay for it.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "nrikit"
LANGUAGES = ("en", "es", "pt")
SOURCE = "en"


def N_(msgid: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return msgid


def T(msgid: str, lower: bool = False) -> dict:
    """A parameter that is a message (a group label), stored as JSON and translated when shown."""
    return {"t": msgid, "lower": True} if lower else {"t": msgid}


# (folder, domain) of the plugins' catalogues, after nrikit's own; an NRI's folder comes last.
_extra: list[tuple[Path, str]] = []


def add_catalogue(folder: Path | str, domain: str) -> None:
    """Add a folder holding `<lang>/LC_MESSAGES/<domain>.po` (a plugin's catalogue)."""
    entry = (Path(folder), domain)
    if entry not in _extra:
        _extra.append(entry)
        catalogue.cache_clear()


def use_plugins(pm) -> None:
    """Add the catalogues of a plugin manager's plugins (the `register_catalogues` hook).

    A plugin's messages are its own, so catalogues are only ever added: one loaded for another
    plugin manager translates nothing this one shows.
    """
    pm.hook.register_catalogues(register=add_catalogue)


def po_path(folder: Path, domain: str, lang: str) -> Path:
    return Path(folder) / lang / "LC_MESSAGES" / f"{domain}.po"


def read_po(path: Path) -> dict[str, str]:
    """{msgid: msgstr} of the translated, non-fuzzy entries of one .po file."""
    from babel.messages.pofile import read_po as babel_read_po

    from .errors import ConfigError

    try:
        with open(path, "rb") as fh:
            cat = babel_read_po(fh)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read catalogue: {exc}", path=path) from None
    out = {}
    for message in cat:
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str):
            out[message.id] = message.string
    return out


@functools.lru_cache(maxsize=32)
def catalogue(lang: str, extra: Path | None = None) -> dict[str, str]:
    """Every translation for `lang`: nrikit's, then the plugins', then the NRI's folder `extra`."""
    merged: dict[str, str] = {}
    for folder, domain in [(LOCALES, DOMAIN), *_extra]:
        path = po_path(folder, domain, lang)
        if path.is_file():
            merged.update(read_po(path))
    if extra is not None and (Path(extra) / f"{lang}.po").is_file():
        merged.update(read_po(Path(extra) / f"{lang}.po"))
    return merged


def available(extra: Path | None = None) -> list[str]:
    names = set(LANGUAGES) | {p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES").is_dir()}
    if extra is not None and Path(extra).is_dir():
        names |= {p.stem for p in Path(extra).glob("*.po")}
    return sorted(names)


def locale(lang: str):
    from babel import Locale

    return Locale.parse(lang.replace("-", "_"))


def translate(lang: str, msgid: str, extra: Path | None = None) -> str:
    if not msgid or lang == SOURCE and extra is None:
        return msgid
    return catalogue(lang, extra).get(msgid, msgid)


class Msg(str):
    """A message as a plain English string that also keeps its id and parameters, for code that
    returns text (the composer's suggestions) to callers that may show it in another language."""

    msgid: str
    params: dict

    def __new__(cls, msgid: str, **params):
        self = super().__new__(cls, gettext(SOURCE, msgid, **params) if params else msgid)
        self.msgid, self.params = msgid, params
        return self

    def text(self, lang: str, extra: Path | None = None) -> str:
        """The message in `lang` (nested messages among its parameters translated too)."""
        p = self.param()
        return gettext(lang, p["msg"], extra, **p["params"])

    def param(self) -> dict:
        """The JSON form a finding stores: {"msg": msgid, "params": {...}}."""
        return {
            "msg": self.msgid,
            "params": {k: v.param() if isinstance(v, Msg) else v for k, v in self.params.items()},
        }


# How a person nobody may name is called, by the part they play (Person(..., role)).
UNNAMED = {
    "committee": N_("a committee member"),
    "panel": N_("a panellist"),
    "person": N_("a person"),
}


def Person(person_id: str, name: str | None, role: str = "person") -> dict:
    """A person as a finding's parameter: shown by name where it may be, else as "a committee member".

    The workspace keeps the name (it is private); publishing keeps it only for a person who consented
    to be named and replaces the id by the public one (nrikit.opendata.publish).
    """
    return {"person": person_id, "name": name or None, "role": role}


def value(lang: str, v, extra: Path | None = None) -> str:
    """One parameter in the reader's language."""
    if isinstance(v, Msg):
        return v.text(lang, extra)
    if isinstance(v, dict) and "t" in v:
        text = translate(lang, v["t"], extra)
        return text.lower() if v.get("lower") else text
    if isinstance(v, dict) and "msg" in v:
        return gettext(lang, v["msg"], extra, **v.get("params", {}))
    if isinstance(v, dict) and "person" in v:
        return v.get("name") or translate(lang, UNNAMED.get(v.get("role"), UNNAMED["person"]), extra)
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, int | float):
        return number(lang, v)
    if isinstance(v, list | tuple):
        return join(lang, [value(lang, x, extra) for x in v])
    return str(v)


def text_of(lang: str, message) -> str:
    """A message that may be a `Msg` (translated) or plain text (shown as it is)."""
    return message.text(lang) if isinstance(message, Msg) else str(message)


def gettext(lang: str, msgid: str, extra: Path | None = None, /, **params) -> str:
    """`msgid` in `lang` (English if untranslated), its {placeholders} filled with `params`."""
    text = translate(lang, msgid, extra)
    if not params:
        return text
    filled = {k: value(lang, v, extra) for k, v in params.items()}
    try:
        return text.format_map(filled)
    except (KeyError, IndexError, ValueError):
        # a translator's typo in a placeholder must not stop a report: fall back to English
        try:
            return msgid.format_map(filled)
        except (KeyError, IndexError, ValueError):
            return msgid


def number(lang: str, n, digits: int | None = None) -> str:
    from babel.numbers import format_decimal

    if digits is None:
        return format_decimal(n, locale=locale(lang), group_separator=True)
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(n, format=fmt, locale=locale(lang))


def join(lang: str, items: list[str]) -> str:
    from babel.lists import format_list

    return format_list(list(items), locale=locale(lang)) if items else ""


def date(lang: str, d: dt.date) -> str:
    from babel.dates import format_date

    return format_date(d, format="long", locale=locale(lang))


def date_range(lang: str, start: dt.date, end: dt.date) -> str:
    """'6 y 7 de junio de 2017', 'June 26–30, 2025', '30 de mayo de 2025 – 2 de junio de 2025'.

    Within one month the CLDR long date of the last day is kept and its day replaced by the pair
    (two consecutive days read as "6 and 7", longer spans as "26–30"); Babel's own interval
    formats abbreviate the month name in some languages, which a report should not.
    """
    import re

    if end <= start:
        return date(lang, start)
    if (start.year, start.month) != (end.year, end.month):
        return f"{date(lang, start)} – {date(lang, end)}"
    text = date(lang, end)
    if (end - start).days == 1:
        pair = translate(lang, N_("{first} and {second}")).format(first=start.day, second=end.day)
    else:
        pair = f"{start.day}–{end.day}"
    return re.sub(rf"(?<!\d){end.day}(?!\d)", pair, text, count=1)


def jinja_install(env, lang: str, extra: Path | None = None) -> None:
    """`{{ _("msgid", name=value) }}` and the `number` / `date` filters in a Jinja2 environment."""
    env.globals["_"] = lambda msgid, **params: gettext(lang, msgid, extra, **params)
    env.filters["number"] = lambda n, digits=None: number(lang, n, digits)
    env.filters["date"] = lambda d: date(lang, dt.date.fromisoformat(d[:10]) if isinstance(d, str) else d)


def render_stored(lang: str, row: dict, extra: Path | None = None) -> tuple[str, str]:
    """(message, hint) of a stored finding (workspace or public.db row) in `lang`.

    A row from before message ids were stored (no `message_id`) is shown as its English text.
    """
    import json

    params = json.loads(row.get("params") or "{}")
    msgid, hint_id = row.get("message_id") or row.get("message") or "", row.get("hint_id")
    if hint_id is None:
        hint_id = row.get("hint") or ""
    message = gettext(lang, msgid, extra, **params)
    hint = gettext(lang, hint_id, extra, **params) if hint_id else ""
    return message, hint
