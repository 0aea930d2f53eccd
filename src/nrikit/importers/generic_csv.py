"""Any CSV, read strictly by csvread, its columns mapped by the edition config.

This replaces the core `csv` importer with one that honours every [inputs]
setting (encoding, delimiter, max_bytes) and can stream large files.
"""

from __future__ import annotations

from ..csvread import _Reader, read_table
from . import Source, streamed


def read_csv(spec, **extra) -> Source:
    table = read_table(spec.path, encoding=spec.encoding, delimiter=spec.delimiter, max_bytes=spec.max_bytes)
    return Source.from_table(table, format=spec.format, **extra)


def stream_csv(spec, **extra) -> Source:
    from ..csvread import _check_size

    _check_size(spec.path, spec.max_bytes)
    warnings: list[str] = []

    def reader():
        return _Reader(spec.path, lambda: open(spec.path, "rb"), spec.encoding, spec.delimiter, 10_000, None, warnings)

    source = streamed(spec.path, reader, format=spec.format, **extra)
    source.warnings = warnings
    return source


class CsvImporter:
    """Plain CSV: UTF-8 unless an encoding is declared, delimiter sniffed unless declared."""

    name = "csv"
    description = "CSV with a header row; columns mapped with [inputs.NAME] columns"

    def read(self, spec) -> Source:
        return read_csv(spec)

    def stream(self, spec) -> Source:
        return stream_csv(spec)

    def detect(self, path, head: bytes, header: list[str]) -> bool:
        return bool(header)
