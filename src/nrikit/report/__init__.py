"""The NRI annual report (`nrikit report`), built from the published data.

    nrikit report configs/peru/2017.toml --format html --lang es --out informe.html

The report reads public.db, never the private workspace, so it cannot contain
what the open data may not. By default it publishes the edition, together with
the earlier editions of the same NRI whose configs sit beside it (same
[nri] slug, earlier year, workspace up to date), into a temporary folder and
reads that public.db; `--site DIR` reads an existing site's public.db instead
(and then compares with whatever editions that site holds, other NRIs included).

Modules: data.py (ReportData from public.db), indicators.py and
default_indicators.py (the principle scorecard and its hook), i18n.py
(languages; how an NRI adds one), render.py and templates/ (Markdown and
self-contained HTML), status.py (when the report is due; the record of its
production in the workspace's annual_reports table).

The top library wing: may import opendata, the pipeline and everything below; only cli imports it.
"""

from __future__ import annotations

from .indicators import PRINCIPLES, Indicator, IndicatorResult

__all__ = ["Indicator", "IndicatorResult", "PRINCIPLES", "build"]


def build(*args, **kwargs):
    from .builder import build as _build

    return _build(*args, **kwargs)
