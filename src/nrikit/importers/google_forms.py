"""Google Forms responses, downloaded as CSV from the form or its Google Sheet.

What the export looks like (English, Spanish and Portuguese interfaces):
- the first column is the submission time: `Timestamp`, `Marca temporal` or
  `Carimbo de data/hora`, written in the sheet's locale (`18/04/2017 14:49:46`,
  `18/04/2017 2:49:46 p. m. GMT-5`, `4/18/2017 14:49:46`): declare date_format;
- with e-mail collection on, `Email Address`, `Dirección de correo electrónico`
  or `Endereço de e-mail` follows;
- every other header is the question's text; a checkbox question's answers
  share one cell, joined by ", ";
- there is no response id: nrikit numbers responses gf-00001, gf-00002... in
  file order.

Someone who submits twice (same e-mail) is counted once: their latest
submission wins, and the run summary says how many earlier ones were dropped.

Grids ("multiple choice grid", "checkbox grid") export one column per row of the grid,
headed `Question [Row]`. A field mapped to the question's text collapses them: rows
answered yes (Yes / Sí / Sim...) are chosen, in header order; a grid whose answers are
ranks ("1", "2", "1st", "1ª opción"...) gives the rows in rank order, and one whose rows are
ranks (`Ranking [1st]`, `Ranking [2nd]`) the labels in its cells in row order (one per cell).
A checkbox grid whose cells hold the ticked columns ("Alta, Media", split by the input's
separator rules) gives every label ticked in any row, once, in order: an approval ballot.
"""

from __future__ import annotations

from ..taxonomy import fold
from .csvread import Record
from .generic_csv import read_csv

TIMESTAMP = ("Timestamp", "Marca temporal", "Carimbo de data/hora", "Horodateur")
EMAIL = (
    "Email Address",
    "Email address",
    "Dirección de correo electrónico",
    "Dirección de correo",
    "Endereço de e-mail",
    "Adresse e-mail",
)
KNOWN = {"submitted_at": TIMESTAMP, "email": EMAIL}


def _find(header, names):
    folded = {fold(h): h for h in header}
    return next((folded[fold(n)] for n in names if fold(n) in folded), None)


def _rank(value: str) -> int | None:
    import re

    m = re.match(r"\s*(\d+)", value)
    return int(m.group(1)) if m else None


def _split(spec, field, value: str) -> list[str]:
    """A checkbox cell's answers, by the input's separator rules (separators.FIELD, separator,
    else Google's ", "); labels known from values.FIELD are matched whole first, since a label
    may itself hold the separator."""
    sep = spec.separators.get(field) or spec.separator or ", "
    labels = sorted(spec.values.get(field) or {}, key=len, reverse=True)
    out, rest = [], value.strip()
    while rest:
        for label in labels:
            if fold(rest[: len(label)]) == fold(label) and (
                len(rest) == len(label) or rest[len(label) :].startswith(sep)
            ):
                out.append(rest[: len(label)])
                rest = rest[len(label) + len(sep) :]
                break
        else:
            head, _, rest = rest.partition(sep)
            out.append(head.strip())
    return [v for v in out if v]


def _grid_kind(rows, cells) -> str:
    """How a grid was answered: "yes" (rows ticked yes/no), "rank" (cells hold the rows'
    ranks), "ranked_rows" (rows are ranks, cells the labels chosen at that rank) or
    "labels" (a checkbox grid: each cell the columns ticked in that row)."""
    from ..vocab import yes_no

    filled = [c for c in cells if c.strip()]
    if all(yes_no(c) is not None for c in filled):
        return "yes"
    if all(_rank(c) is not None for c in filled):
        return "rank"
    if all(_rank(label) is not None for label, _ in rows):
        return "ranked_rows"
    return "labels"


def _collapse_grids(spec, source):
    """A field mapped to a grid question: its `Question [Row]` columns become one ';'-joined value."""
    from ..errors import InputError
    from ..vocab import yes_no
    from .limesurvey import wide_columns

    for field, question in spec.columns.items():
        if question in source.header:
            continue
        rows, _ = wide_columns(source.header, question)
        rows = [(label, h) for label, h in rows if h.startswith(question + " [")]
        if not rows:
            continue
        # joined as the input's fields are split again downstream
        joiner = spec.separators.get(field) or spec.separator or ";"
        kind = _grid_kind(rows, [rec.values.get(h, "") for rec in source.records for _, h in rows])
        collapsed = []
        for rec in source.records:
            if kind == "yes":
                picked = [label for label, h in rows if yes_no(rec.values.get(h, "")) is True]
            elif kind == "labels":
                picked = []
                for _, h in rows:
                    for answer in _split(spec, field, rec.values.get(h, "")):
                        if fold(answer) not in {fold(p) for p in picked}:
                            picked.append(answer)
            else:
                ranked = []
                for label, h in rows:
                    value = rec.values.get(h, "").strip()
                    if not value:
                        continue
                    answers = _split(spec, field, value)
                    if len(answers) > 1:
                        raise InputError(
                            f"a ranking grid takes one answer per row, got {len(answers)} ({value!r})",
                            path=spec.path,
                            row=rec.row,
                            line=rec.line,
                            column=h,
                            hint='give each row one rank; an approval question is a checkbox grid of "Sí"/"No" or labels',
                        )
                    if kind == "rank":
                        ranked.append((_rank(value), label))
                    else:
                        ranked.append((_rank(label), value))
                picked = [label for _, label in sorted(ranked, key=lambda r: r[0])]
            used = {h for _, h in rows}
            collapsed.append(
                Record(
                    rec.row,
                    rec.line,
                    {**{k: v for k, v in rec.values.items() if k not in used}, question: joiner.join(picked)},
                )
            )
        used = {h for _, h in rows}
        at = source.header.index(rows[0][1])
        source.header = [h for h in source.header if h not in used]
        source.header.insert(min(at, len(source.header)), question)
        source.records = collapsed
        source.multi_separator = ";"


class GoogleFormsImporter:
    name = "google_forms"
    description = "Google Forms responses (CSV from the form or its sheet; English, Spanish, Portuguese headers)"

    def read(self, spec):
        source = read_csv(spec, multi_separator=", ", dedupe="email")
        header = source.header
        if _find(header, TIMESTAMP) is None:
            from ..errors import InputError

            raise InputError(
                f'no "{TIMESTAMP[0]}" / "{TIMESTAMP[1]}" column: this does not look like a Google Forms export',
                path=spec.path,
                line=1,
                hint='use format = "csv" with a columns mapping instead',
            )
        source.columns = {field: col for field, names in KNOWN.items() if (col := _find(header, names))}
        _collapse_grids(spec, source)
        header = source.header
        if "id" not in header and "id" not in spec.columns:
            # Responses carry no id; number them in file order so errors and rows line up.
            source.header = ["id", *header]
            source.records = [Record(r.row, r.line, {"id": f"gf-{r.row:05d}", **r.values}) for r in source.records]
        return source

    def detect(self, path, head: bytes, header: list[str]) -> bool:
        return bool(header) and _find(header[:1], TIMESTAMP) is not None
