"""Report languages: message catalogues in TOML, one file per language.

nrikit ships `locales/en.toml` and `locales/es.toml` beside this module. An
NRI adds or overrides a language without touching nrikit:

1. copy `en.toml` to `<lang>.toml` in a folder of its own (e.g. `locales/pt.toml`
   next to the edition config) and translate the values (keep the keys and the
   `{placeholders}`);
2. point the edition at it with `[report] locales = "locales"` (or pass
   `nrikit report --locales DIR`), and choose it with `[report] lang = "pt"` or
   `--lang pt`.

A key missing from a catalogue falls back to English, so a partial
translation still renders. A file in the NRI's folder with the name of a
built-in language (`es.toml`) overrides only the keys it holds.

Catalogues are TOML tables; nested tables give dotted keys (`[scorecard]
met = "..."` is `scorecard.met`). `months` is an array of the twelve month
names used in dates.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BUILTIN = Path(__file__).resolve().parent / "locales"
FALLBACK = "en"


def _flatten(table: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _read(path: Path) -> dict:
    try:
        return _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read report locale: {exc}", path=path) from None


def available(extra_dir: Path | None = None) -> list[str]:
    names = {p.stem for p in BUILTIN.glob("*.toml")}
    if extra_dir is not None and extra_dir.is_dir():
        names |= {p.stem for p in extra_dir.glob("*.toml")}
    return sorted(names)


class Translator:
    """t(key, **params): the message in this language, else English, else the key itself."""

    def __init__(self, lang: str, extra_dir: Path | None = None):
        if extra_dir is not None and not extra_dir.is_dir():
            raise ConfigError(f"report locales folder not found: {extra_dir}", key="report.locales")
        if lang not in available(extra_dir):
            raise ConfigError(
                f"no report language {lang!r}; available: {', '.join(available(extra_dir))} "
                f"(add <lang>.toml to a folder named by [report] locales)",
                key="report.lang",
            )
        self.lang = lang
        self.messages: dict = {}
        for name in dict.fromkeys((FALLBACK, lang)):
            for folder in (BUILTIN, extra_dir):
                if folder is not None and (folder / f"{name}.toml").is_file():
                    self.messages.update(_read(folder / f"{name}.toml"))

    def __call__(self, key: str, default: str | None = None, **params) -> str:
        text = self.messages.get(key, default if default is not None else key)
        if not params:
            return text
        try:
            return text.format_map(params)
        except (KeyError, IndexError, ValueError):
            return text  # a translator's typo in a placeholder must not stop the report

    def has(self, key: str) -> bool:
        return key in self.messages

    def number(self, value, digits: int = 0) -> str:
        if value is None:
            return self("common.withheld")
        text = f"{float(value):,.{digits}f}"
        sep = self.messages.get("format.thousands", ",")
        dec = self.messages.get("format.decimal", ".")
        return text.replace(",", "\0").replace(".", dec).replace("\0", sep)

    def pct(self, value) -> str:
        return self("common.withheld") if value is None else self.number(value, 1) + "%"

    def date(self, value) -> str:
        if not value:
            return self("common.not_recorded")
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value[:10])
            except ValueError:
                return value
        months = self.messages.get("months") or []
        month = months[value.month - 1] if len(months) == 12 else f"{value.month:02d}"
        return self("format.date", day=value.day, month=month, year=value.year)

    def date_range(self, start, end) -> str:
        if not end or start == end:
            return self.date(start)
        return self("format.date_range", start=self.date(start), end=self.date(end))
