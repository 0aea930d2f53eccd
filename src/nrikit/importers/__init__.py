"""Importers: one module per export format, each turning a file into a Source.

An importer is any object with a `name` and `read(spec) -> Source` (a country
plugin registers its own through the `register_importers` hook). It may also
offer `stream(spec) -> Source` for files too large to hold in memory, and
`detect(path, head) -> bool` so `nrikit inputs suggest` can recognise its files.

A Source is what stages read through ctx.read(): a header, records with row and
line numbers, the sha256 of the file's bytes, and what the importer already knows
about the tool that wrote the file: default column mapping, date format,
separator of multi-answer cells, rows it excluded and why.

Also here: csvread.py (the strict CSV reader every CSV-based importer shares),
bulk.py (the fast survey path) and suggest.py (`nrikit inputs suggest`).
May import the workspace and core only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .csvread import Record


@dataclass
class Source:
    path: Path
    header: list[str]
    records: Iterable[Record]  # a list, or a one-shot iterator when streaming
    sha256: str
    format: str = "csv"
    encoding: str = ""
    delimiter: str = ""
    skipped_blank: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows the importer excluded
    columns: dict[str, str] = field(default_factory=dict)  # field -> header, the tool's usual names
    date_format: str | None = None
    timezone: str | None = None
    dedupe: str | None = None  # field naming one person: latest submission wins
    multi_separator: str | None = None  # how the tool joins the answers of a checkbox question
    streaming: bool = False
    ignore: list[str] = field(default_factory=list)  # the tool's own columns nobody maps

    @classmethod
    def from_table(cls, table, **extra) -> Source:
        """Wrap a csvread.Table."""
        return cls(
            path=table.path,
            header=list(table.header),
            records=table.records,
            sha256=table.sha256,
            encoding=table.encoding,
            delimiter=table.delimiter,
            skipped_blank=table.skipped_blank,
            warnings=list(table.warnings),
            **extra,
        )


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in chunks so a large file costs no memory."""
    return scan_file(path)[0]


def scan_file(path: Path) -> tuple[str, bool]:
    """sha256 of a file and whether it holds a NUL byte (which sends a survey line by
    line, see bulk.py), in one read, in chunks so a large file costs no memory."""
    digest, nul = hashlib.sha256(), False
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
            nul = nul or b"\x00" in chunk
    return digest.hexdigest(), nul


def streamed(path: Path, reader, on_error=None, **extra) -> Source:
    """A Source whose records come from a csvread reader in one pass.

    The reader yields (row, line, values) lists; `records` turns them into Records
    for general use, while a stage's hot loop can take `rows` as they are. The
    header is only known once the reader has read the first line, so the first
    row is read here and put back in front of the rest.
    """
    import itertools

    from ..errors import InputError

    gen = reader.rows() if on_error is None else _translated(reader.rows(), on_error)
    first = next(gen, None)
    if first is None:
        raise InputError("no data rows after the header", path=path)
    sha256, nul = scan_file(path)
    source = Source(path=path, header=list(reader.header), records=(), sha256=sha256, streaming=True, **extra)
    source.has_nul = nul
    source.rows = itertools.chain([first], gen)
    header = source.header
    source.records = (Record(row, line, dict(zip(header, values))) for row, line, values in source.rows)
    source._reader = reader  # blank-row count and warnings fill in as the rows are read
    return source


def _translated(rows, on_error):
    """Re-word an importer's errors (e.g. config-shaped hints) while streaming."""
    from ..errors import InputError

    try:
        yield from rows
    except InputError as exc:
        raise on_error(exc) from None
