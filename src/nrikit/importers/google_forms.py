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
ranks ("1", "2", "1st", "1ª opción"...) gives the rows in rank order.
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


def _collapse_grids(spec, source):
    """A field mapped to a grid question: its `Question [Row]` columns become one ';'-joined value."""
    from ..errors import InputError
    from ..vocab import yes_no
    from .limesurvey import wide_columns

    for question in spec.columns.values():
        if question in source.header:
            continue
        rows, _ = wide_columns(source.header, question)
        rows = [(label, h) for label, h in rows if h.startswith(question + " [")]
        if not rows:
            continue
        cells = [rec.values.get(h, "") for rec in source.records for _, h in rows]
        ranking = any(c.strip() and yes_no(c) is None for c in cells)
        collapsed = []
        for rec in source.records:
            if ranking:
                ranked = []
                for label, h in rows:
                    value = rec.values.get(h, "")
                    if value.strip():
                        rank = _rank(value)
                        if rank is None:
                            raise InputError(
                                f"expected a rank (1, 2, ...) or yes/no, got {value!r}",
                                path=spec.path,
                                row=rec.row,
                                line=rec.line,
                                column=h,
                            )
                        ranked.append((rank, label))
                picked = [label for _, label in sorted(ranked)]
            else:
                picked = [label for label, h in rows if yes_no(rec.values.get(h, "")) is True]
            used = {h for _, h in rows}
            collapsed.append(
                Record(
                    rec.row,
                    rec.line,
                    {**{k: v for k, v in rec.values.items() if k not in used}, question: ";".join(picked)},
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
