"""LimeSurvey response exports (Export responses → CSV).

The export starts with fixed columns (LimeSurvey's SurveyDynamic default
columns): id, token, submitdate, lastpage, startlanguage, seed, startdate,
datestamp, ipaddr, refurl; then one column per question, headed by its code
(e.g. 726613X995X33066) or its text, mapped with [inputs.NAME] columns.

- ipaddr, refurl and token identify people and nrikit has no use for them: they
  are dropped as the file is read and never reach the workspace.
- A response without submitdate was abandoned part-way: it is excluded and
  counted ("incomplete response") in the run summary and the import log.
"""

from __future__ import annotations

from ..taxonomy import fold
from .csvread import Record
from .generic_csv import read_csv

DROPPED = ("ipaddr", "refurl", "token")
FIXED = ("id", "token", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl")
INCOMPLETE = "incomplete response (no submitdate)"


class LimeSurveyImporter:
    name = "limesurvey"
    description = "LimeSurvey response export (CSV); ipaddr, refurl and token are dropped on reading"

    def read(self, spec):
        source = read_csv(spec)
        lower = {h.casefold(): h for h in source.header}
        if "submitdate" not in lower:
            from ..errors import InputError

            raise InputError(
                'no "submitdate" column: this does not look like a LimeSurvey export',
                path=spec.path,
                line=1,
                hint='use format = "csv" with a columns mapping instead',
            )
        dropped = {lower[d] for d in DROPPED if d in lower}
        submit = lower["submitdate"]
        keep = [h for h in source.header if h not in dropped]
        records, incomplete = [], 0
        for rec in source.records:
            if not rec.values.get(submit):
                incomplete += 1
                continue
            records.append(Record(rec.row, rec.line, {h: rec.values[h] for h in keep}))
        source.header, source.records = keep, records
        source.skipped = {INCOMPLETE: incomplete}
        source.columns = {"submitted_at": submit}
        source.ignore = [h for h in keep if fold(h) in FIXED and h != submit]
        source.multi_separator = None
        return source

    def detect(self, path, head: bytes, header: list[str]) -> bool:
        lower = {h.casefold() for h in header}
        return {"submitdate", "lastpage", "startlanguage"} <= lower
