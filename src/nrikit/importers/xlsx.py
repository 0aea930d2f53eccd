"""Microsoft Forms responses and any spreadsheet saved as .xlsx, read with openpyxl.

openpyxl is imported only when an .xlsx input is read, so `nrikit --help` and
CSV-only editions never load it. The first worksheet is read unless the input
names a sheet. Cells become text the way a person reads them: 12.0 → "12",
dates → ISO 8601, empty → "". A cell typed as text keeps its leading zeros.

Microsoft Forms' export starts with ID, Start time, Completion time, Email and
Name, then one column per question; a multiple-choice answer lists its
options separated by ";".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile

from ..errors import InputError
from ..taxonomy import fold
from . import Source
from .csvread import Record, clean_text

MS_FORMS = {"id": "ID", "submitted_at": "Completion time", "email": "Email", "name": "Name"}
MAX_FIELD = 10_000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return clean_text(str(value))


class XlsxImporter:
    name = "xlsx"
    description = "Microsoft Forms export or any .xlsx workbook (first sheet unless sheet = ...)"

    def read(self, spec) -> Source:
        path = spec.path
        size = path.stat().st_size
        if size > spec.max_bytes:
            raise InputError(
                f"file is {size} bytes, over the limit of {spec.max_bytes}", path=path, hint="raise [inputs] max_bytes"
            )
        raw = path.read_bytes()
        if not raw:
            raise InputError("file is empty", path=path)
        if not zipfile.is_zipfile(path):
            hint = (
                'it looks like CSV: use format = "csv"'
                if raw[:1] not in (b"\xd0",)
                else "it is an old .xls: save it as .xlsx"
            )
            raise InputError("not an .xlsx file (not a zip archive)", path=path, hint=hint)
        import openpyxl  # heavy: only when a workbook is read

        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises a variety of zip/XML errors
            raise InputError(f"cannot read the workbook ({type(exc).__name__}: {exc})", path=path) from None
        try:
            if spec.sheet:
                if spec.sheet not in workbook.sheetnames:
                    raise InputError(
                        f"no sheet {spec.sheet!r}", path=path, hint=f"sheets: {', '.join(workbook.sheetnames)}"
                    )
                sheet = workbook[spec.sheet]
            else:
                sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            first = next(rows, None)
            header = [_text(v) for v in first or ()]
            while header and not header[-1]:
                header.pop()  # formatting often extends the used range with empty columns
            if not header:
                raise InputError("the sheet is empty", path=path)
            seen = {}
            for position, name in enumerate(header, 1):
                if not name:
                    raise InputError(f"empty column name at position {position}", path=path, line=1)
                first_pos = seen.setdefault(name.casefold(), position)
                if first_pos != position:
                    raise InputError(
                        f'duplicate column "{header[first_pos - 1]}" at positions {first_pos} and {position}',
                        path=path,
                        line=1,
                    )
            records, blank, row = [], 0, 0
            for line, cells in enumerate(rows, 2):
                values = [_text(v) for v in cells]
                extra = values[len(header) :]
                if not any(values):
                    blank += 1
                    continue
                row += 1
                if any(extra):
                    raise InputError(
                        f"a value lies outside the {len(header)} named columns", path=path, row=row, line=line
                    )
                values = (values + [""] * len(header))[: len(header)]
                for name, value in zip(header, values):
                    if len(value) > MAX_FIELD:
                        raise InputError(
                            f"value is {len(value)} characters, over the column's limit of {MAX_FIELD}",
                            path=path,
                            row=row,
                            line=line,
                            column=name,
                        )
                records.append(Record(row, line, dict(zip(header, values))))
        finally:
            workbook.close()
        if not records:
            raise InputError("no data rows after the header", path=path)
        folded = {fold(h): h for h in header}
        columns = {f: folded[fold(h)] for f, h in MS_FORMS.items() if fold(h) in folded}
        if "submitted_at" in columns:
            # Microsoft Forms writes "anonymous" as the Email and Name of a response that did not collect them.
            for column in (columns.get("email"), columns.get("name")):
                if column:
                    for rec in records:
                        if rec.values[column].strip().casefold() == "anonymous":
                            rec.values[column] = ""
        return Source(
            path=path,
            header=header,
            records=records,
            sha256=hashlib.sha256(raw).hexdigest(),
            format=spec.format,
            encoding="xlsx",
            skipped_blank=blank,
            columns=columns,
            multi_separator=";",
            ignore=[h for h in ("Start time", "Last modified time") if h in header],
            # a Microsoft Forms export: one person may have answered twice
            dedupe="email" if "submitted_at" in columns else None,
        )

    def detect(self, path, head: bytes, header: list[str]) -> bool:
        return head[:4] == b"PK\x03\x04"
