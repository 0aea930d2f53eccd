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
        if "id" not in header and "id" not in spec.columns:
            # Responses carry no id; number them in file order so errors and rows line up.
            source.header = ["id", *header]
            source.records = [Record(r.row, r.line, {"id": f"gf-{r.row:05d}", **r.values}) for r in source.records]
        return source

    def detect(self, path, head: bytes, header: list[str]) -> bool:
        return bool(header) and _find(header[:1], TIMESTAMP) is not None
