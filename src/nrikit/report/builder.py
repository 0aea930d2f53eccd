"""Building a report: find or publish the public data, load ReportData, score it, render it, record it."""

from __future__ import annotations

import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import NrikitError, StageError


class ReportWarning(UserWarning):
    pass


@dataclass
class ReportResult:
    text: str
    edition_id: str
    format: str
    lang: str
    editions: list[str]  # editions in the public data the report read
    seconds: float  # rendering from public.db (excludes publishing)
    publish_seconds: float  # publishing to a temporary folder (0 with --site)


def earlier_editions(edition, pm) -> list[Path]:
    """Configs beside this one for earlier editions of the same NRI."""
    from .. import config as config_mod

    found = []
    for path in sorted(edition.path.parent.glob("*.toml")):
        if path.resolve() == edition.path:
            continue
        try:
            other = config_mod.load(path, pm=pm)
        except NrikitError:
            continue  # not an edition config (or a broken one): not ours to judge here
        if other.slug == edition.slug and other.year < edition.year:
            found.append(path)
    return found


def _fresh(path: Path, pm) -> str | None:
    """None if the config's workspace is up to date, else why not."""
    from .. import config as config_mod
    from ..opendata.publish import _check_fresh
    from ..pipeline import Pipeline
    from ..workspace.db import open_workspace

    try:
        edition = config_mod.load(path, pm=pm)
        db = open_workspace(edition.workspace, pm=pm, create=False)
        try:
            _check_fresh(Pipeline(edition, pm=pm, db=db), path)
        finally:
            db.close()
    except NrikitError as exc:
        return str(exc)
    return None


def build(
    config_path,
    *,
    fmt: str = "md",
    lang: str | None = None,
    site=None,
    run: bool = False,
    compare=(),
    locales=None,
    pm=None,
    record: bool = True,
    out=None,
) -> ReportResult:
    from .. import config as config_mod
    from ..opendata.publish import publish
    from ..plugins import get_plugin_manager
    from . import data as data_mod
    from .i18n import Translator
    from .indicators import scorecard
    from .render import FORMATS, render

    if fmt not in FORMATS:
        raise StageError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    pm = pm or get_plugin_manager()
    config_path = Path(config_path)
    edition = config_mod.load(config_path, pm=pm)
    settings = dict(edition["report"])
    lang = lang or settings["lang"]
    locales_dir = (
        Path(locales) if locales else (edition.root / settings["locales"] if settings.get("locales") else None)
    )
    from ..i18n import use_plugins

    use_plugins(pm)  # plugins' own messages and group labels, in their catalogues
    t = Translator(lang, locales_dir)

    publish_seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="nrikit-report-") as tmp:
        if site is not None:
            db_path = Path(site) / "public.db"
        else:
            configs = [config_path]
            for path in [*earlier_editions(edition, pm), *map(Path, compare)]:
                if path.resolve() in {c.resolve() for c in configs}:
                    continue
                reason = None if run else _fresh(path, pm)
                if reason:
                    warnings.warn(f"not comparing with {path}: {reason}", ReportWarning, stacklevel=2)
                    continue
                configs.append(path)
            published = publish(configs, Path(tmp) / "site", run=run, pm=pm)
            publish_seconds = published.seconds
            db_path = published.db_path
        started = time.perf_counter()
        data = data_mod.load(db_path, edition.id, settings)
        data.criteria = dict(edition["panels"])
        data.t = t
        t.localise(data)
        score = scorecard(data, pm)
        text = render(data, score, t, fmt)
        editions = [h["edition"]["id"] for h in data.history] + [o["edition"]["id"] for o in data.others]
        seconds = time.perf_counter() - started
    result = ReportResult(text, edition.id, fmt, lang, editions, seconds, publish_seconds)
    if out is not None:
        _write(Path(out), text)
    if record:
        from .status import record_production

        if not record_production(edition, result, out):
            warnings.warn(
                f"report not recorded: {edition.id} has no workspace at {edition.workspace}, so "
                f"`nrikit status` will not see it",
                ReportWarning,
                stacklevel=2,
            )
    return result


def _write(path: Path, text: str) -> None:
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
