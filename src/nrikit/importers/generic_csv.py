"""Any CSV, read strictly by csvread, its columns mapped by the edition config.

This replaces the core `csv` importer with one that honours every [inputs]
setting (encoding, delimiter, max_bytes) and can stream large files.
"""

from __future__ import annotations

from ..errors import InputError
from . import Source, streamed
from .csvread import _Reader, read_table


def read_csv(spec, **extra) -> Source:
    try:
        table = read_table(
            spec.path,
            encoding=spec.encoding,
            delimiter=spec.delimiter,
            max_bytes=spec.max_bytes,
            field_limits=field_limits(spec),
        )
    except InputError as exc:
        raise _config_hint(exc, spec) from None
    return Source.from_table(table, format=spec.format, **extra)


def field_limits(spec) -> dict[str, int]:
    """[inputs.X] limits are per field; csvread applies them per header."""
    limits = getattr(spec, "limits", None) or {}
    return {spec.columns.get(name, name): n for name, n in limits.items()}


def _config_hint(exc: InputError, spec) -> InputError:
    """csvread speaks of --encoding; in an edition the setting lives in the input's table."""
    if exc.hint and "--encoding" in exc.hint:
        encoding = exc.hint.rsplit("--encoding ", 1)[1].split()[0]
        hint = (
            f'{exc.hint.split(", try")[0].split("; try")[0]}: set encoding = "{encoding}" '
            f"under [inputs.{spec.name}] (like --encoding {encoding})"
        )
        return InputError(exc.message, path=exc.path, row=exc.row, line=exc.line, column=exc.column, hint=hint)
    return exc


def stream_csv(spec, **extra) -> Source:
    from .csvread import _check_size

    _check_size(spec.path, spec.max_bytes)
    warnings: list[str] = []

    # The reader opens (and closes) the file itself, once per pass over it.
    reader = _Reader(
        spec.path,
        lambda: open(spec.path, "rb"),  # noqa: SIM115
        spec.encoding,
        spec.delimiter,
        10_000,
        field_limits(spec),
        warnings,
    )

    try:
        source = streamed(spec.path, reader, on_error=lambda exc: _config_hint(exc, spec), format=spec.format, **extra)
    except InputError as exc:
        raise _config_hint(exc, spec) from None
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
