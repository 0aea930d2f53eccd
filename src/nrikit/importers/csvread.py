"""Read CSV files exported from spreadsheets, failing loudly and precisely.

Every problem is an InputError naming the file and, where known, the data
record, the physical line and the column, so a volunteer can open the file and
fix it. Nothing is guessed silently: decoding is strict, quoting is strict and
blank rows are the only thing skipped.

read_table() loads a whole file (with its sha256); iter_records() streams one
in bounded memory. Both share one parser, so they apply the same checks.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Record

_CHUNK = 1 << 18  # bytes decoded at a time; bounds memory when streaming
_MAX_WARNINGS = 100  # a badly decoded file would otherwise warn once per cell
# csv's own idea of a line break. Lines are cut at each match: a pattern for a whole line
# ([^\r\n]*(?:\r\n|\r|\n)) is retried at every character of an unterminated tail, which is
# quadratic in the length of a line that runs past its read chunk.
_BREAK = re.compile(r"\r\n|\r|\n")
_MOJIBAKE = re.compile("[\u00c3\u00c2][\u0080-\u00bf]")  # UTF-8 read as Latin-1/cp1252
_CLEAN = {0x00A0: " ", 0x202F: " ", 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None}
_UTF8_HINT = "if the file was saved by Excel as plain CSV, try --encoding cp1252"


@dataclass
class Table:
    path: Path
    header: list[str]
    records: list[Record]
    skipped_blank: int
    encoding: str
    delimiter: str
    sha256: str
    warnings: list[str]


def clean_text(value: str) -> str:
    """NFC-normalise, turn no-break spaces into spaces, drop zero-width characters, strip."""
    if value.isascii():
        return value.strip()
    # Zero-width characters go first so that a base letter and its accent can compose.
    return unicodedata.normalize("NFC", value.translate(_CLEAN)).strip()


def read_table(
    path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int = 50_000_000,
    max_field: int = 10_000,
    field_limits: dict[str, int] | None = None,
) -> Table:
    """Read and check a whole CSV file; raise InputError on the first problem."""
    path = Path(path)
    _check_size(path, max_bytes)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path=path) from None
    reader = _Reader(path, lambda: io.BytesIO(raw), encoding, delimiter, max_field, field_limits, [])
    records = list(reader)
    return Table(
        path=path,
        header=reader.header,
        records=records,
        skipped_blank=reader.skipped_blank,
        encoding=reader.encoding,
        delimiter=reader.delimiter,
        sha256=hashlib.sha256(raw).hexdigest(),
        warnings=reader.warnings,
    )


def iter_records(
    path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int | None = None,
    max_field: int = 10_000,
    field_limits: dict[str, int] | None = None,
    warnings: list[str] | None = None,
) -> Iterator[Record]:
    """Stream records with the same checks as read_table, in memory that does not grow
    with the file. Warnings are appended to `warnings` if given. max_bytes defaults to
    no limit, since streaming exists for files too big to load."""
    path = Path(path)
    if max_bytes is not None:
        _check_size(path, max_bytes)
    # The reader opens (and closes) the file itself, once per pass over it.
    yield from _Reader(
        path,
        lambda: open(path, "rb"),  # noqa: SIM115
        encoding,
        delimiter,
        max_field,
        field_limits,
        warnings if warnings is not None else [],
    )


def _check_size(path: Path, max_bytes: int) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path=path) from None
    if size > max_bytes:
        raise InputError(
            f"file is {size} bytes, over the limit of {max_bytes}", path=path, hint="raise [inputs] max_bytes"
        )


class _Reader:
    """One pass over one file. Iterate it for Records; header and counts fill in as it goes."""

    def __init__(
        self,
        path: Path,
        opener: Callable[[], BinaryIO],
        encoding: str | None,
        delimiter: str | None,
        max_field: int,
        field_limits: dict[str, int] | None,
        warnings: list[str],
    ):
        self.path = path
        self._open = opener  # re-openable, so an error can rescan the file
        self._encoding = encoding
        self._explicit_delimiter = delimiter
        self._max_field = max_field
        self._limits = {k.casefold(): v for k, v in (field_limits or {}).items()}
        self.warnings = warnings
        self.header: list[str] = []
        self.skipped_blank = 0
        self.encoding = ""
        self.delimiter = ""
        self._codec = ""
        self._skip = 0
        self._suppressed = 0

    def _error(self, message: str, **where) -> InputError:
        return InputError(message, path=self.path, **where)

    # -- bytes to physical lines -------------------------------------------------------

    def _detect(self, head: bytes) -> None:
        bom = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
        if self._encoding:
            try:
                name = codecs.lookup(self._encoding).name
            except LookupError:
                raise self._error(f"unknown encoding {self._encoding!r}") from None
            self.encoding, self._codec = self._encoding, self._encoding
            # Decode UTF-16 with a fixed byte order so an error's position can be
            # recomputed from any chunk boundary.
            if name == "utf-16" and head[:2] in bom:
                self._codec, self._skip = bom[head[:2]], 2
        elif head[:2] in bom:
            self.encoding, self._codec, self._skip = "utf-16", bom[head[:2]], 2
        elif head.startswith(codecs.BOM_UTF8):
            self.encoding, self._codec, self._skip = "utf-8-sig", "utf-8", 3
        else:
            self.encoding, self._codec = "utf-8", "utf-8"

    def _lines(self) -> Iterator[str]:
        """Strictly decoded physical lines, each with its terminator, NUL-free."""
        decoder = codecs.getincrementaldecoder(self._codec)("strict")
        done = 0  # lines already yielded
        parts: list[str] = []  # text of the line still being assembled
        with self._open() as f:
            f.read(self._skip)
            while True:
                data = f.read(_CHUNK)
                final = not data
                try:
                    decoded = decoder.decode(data, final)
                except UnicodeDecodeError as exc:
                    raise self._decode_error(exc, done, "".join(parts)) from None
                if not final and "\n" not in decoded and "\r" not in decoded:
                    parts.append(decoded)  # joined once, so a huge line stays linear
                    continue
                text = "".join(parts) + decoded
                end = 0
                for m in _BREAK.finditer(text):
                    # A trailing \r may be the first half of a \r\n split across chunks.
                    if not final and m.end() == len(text) and text[-1] == "\r":
                        break
                    done += 1
                    yield self._check_nul(text[end : m.end()], done)
                    end = m.end()
                parts = [text[end:]]
                if final:
                    if parts[0]:
                        yield self._check_nul(parts[0], done + 1)
                    return

    def _check_nul(self, line: str, number: int) -> str:
        if "\x00" in line:
            hint = None
            if self.encoding == "utf-8":
                hint = "the file may be UTF-16 without a byte-order mark; try --encoding utf-16-le"
            raise self._error(f"NUL byte at character {line.index(chr(0)) + 1}", line=number, hint=hint)
        return line

    def _decode_error(self, exc: UnicodeDecodeError, done: int, pending: str) -> InputError:
        # exc.object starts at a character boundary, so its valid prefix decodes alone.
        prefix = pending + exc.object[: exc.start].decode(self._codec)
        breaks = sum(1 for _ in _BREAK.finditer(prefix))
        last = max(prefix.rfind("\n"), prefix.rfind("\r"))
        line = done + breaks + 1
        column = len(prefix) - (last + 1) + 1
        byte = exc.object[exc.start]
        if self.encoding in ("utf-8", "utf-8-sig"):
            return self._error(f"not valid UTF-8 (byte 0x{byte:02X}) at character {column}", line=line, hint=_UTF8_HINT)
        return self._error(
            f"not valid {self.encoding} (byte 0x{byte:02X}) at character {column}",
            line=line,
            hint="check which encoding the file was saved in",
        )

    # -- physical lines to records -----------------------------------------------------

    def __iter__(self) -> Iterator[Record]:
        return self._records(lists=False)

    def rows(self) -> Iterator[tuple[int, int, list[str]]]:
        """Like iterating, but (row, line, values in header order): no dict per record, for
        the hot loops of very large imports. `header` is set once the first row is out."""
        return self._records(lists=True)

    def _records(self, lists: bool):
        with self._open() as f:
            head = f.read(4)
        if not head:
            raise self._error("file is empty")
        if head == b"PK\x03\x04":
            raise self._error("this is an .xlsx (zip) file, not CSV", hint="export it as CSV or name it .xlsx")
        self._detect(head)
        lines = self._lines()
        first = next(lines, None)
        if first is None:
            raise self._error("file is empty")
        self.delimiter = self._explicit_delimiter or _sniff(first)
        if len(self.delimiter) != 1:
            raise self._error(f"delimiter must be one character, not {self.delimiter!r}")
        self._raise_csv_limit()
        reader = csv.reader(itertools.chain([first], lines), delimiter=self.delimiter, strict=True)
        self.header = header = self._read_header(reader)
        limits = [self._limits.get(name.casefold(), self._max_field) for name in header]
        row = self._fast_rows = 0
        try:
            yield from self._fast_records(header, limits, lists)
        except _Fallback:
            # Something is wrong (or unusual) from here on: the checking reader below
            # reads the file again, silently up to the rows already given, and names
            # the problem with its exact line and column.
            resume, row, self.skipped_blank = self._fast_rows, 0, 0
        else:
            resume, row = None, self._fast_rows
        while resume is not None:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise self._csv_error(exc, start, reader.line_num, row + 1) from None
            values = [clean_text(v) for v in fields]
            if not any(values):
                self.skipped_blank += 1
                continue
            row += 1
            if len(values) != len(header):
                hint = None
                if reader.line_num > start:
                    hint = (
                        f"the record spans lines {start}-{reader.line_num}; check for an unclosed quote on line {start}"
                    )
                raise self._error(
                    f"expected {len(header)} fields (as in the header), found {len(values)}",
                    row=row,
                    line=start,
                    hint=hint,
                )
            for name, limit, raw, value in zip(header, limits, fields, values):
                if len(value) > limit:
                    raise self._error(
                        f"value is {len(value)} characters, over the column's limit of {limit}",
                        row=row,
                        line=start,
                        column=name,
                    )
                if row > resume and not raw.isascii() and _MOJIBAKE.search(raw):
                    self._warn_mojibake(value, row, start, name)
            if row > resume:
                yield (row, start, values) if lists else Record(row=row, line=start, values=dict(zip(header, values)))
        if self._suppressed:
            self.warnings.append(f"{self.path}: {self._suppressed} more mojibake warnings not shown")
        if row == 0:
            raise self._error("no data rows after the header")

    def _fast_records(self, header: list[str], limits: list[int], lists: bool = False) -> Iterator[Record]:
        """The common case at C speed: csv reads the decoded stream directly.

        It applies the same checks as the loop in __iter__ for the rows it yields, and
        raises _Fallback at anything that needs the line-by-line reader to explain
        (a decoding error, a quoting error, a NUL, a ragged row, an over-long value).
        """
        width, shortest = len(header), min(limits)
        with self._open() as raw:
            raw.read(self._skip)
            text = io.TextIOWrapper(raw, encoding=self._codec, errors="strict", newline="")
            reader = csv.reader(text, delimiter=self.delimiter, strict=True)
            row = 0
            try:
                next(reader)  # the header, already read and checked
                previous = reader.line_num
                for fields in reader:
                    start, previous = previous + 1, reader.line_num
                    joined = "".join(fields)
                    if "\x00" in joined or len(fields) != width and any(f.strip() for f in fields):
                        raise _Fallback
                    ascii_row = joined.isascii()
                    values = list(map(str.strip if ascii_row else clean_text, fields))
                    if not any(values):
                        self.skipped_blank += 1
                        continue
                    if len(values) != width:
                        raise _Fallback
                    row = self._fast_rows = row + 1
                    if len(joined) > shortest and any(len(v) > limit for v, limit in zip(values, limits)):
                        raise _Fallback
                    if not ascii_row:
                        for name, raw_value, value in zip(header, fields, values):
                            if not raw_value.isascii() and _MOJIBAKE.search(raw_value):
                                self._warn_mojibake(value, row, start, name)
                    yield (
                        (row, start, values) if lists else Record(row=row, line=start, values=dict(zip(header, values)))
                    )
            except (csv.Error, UnicodeDecodeError):
                raise _Fallback from None
            finally:
                text.detach()

    def _read_header(self, reader) -> list[str]:
        try:
            names = [clean_text(v) for v in next(reader)]
        except csv.Error as exc:
            raise self._csv_error(exc, 1, reader.line_num, None) from None
        if not any(names):
            raise self._error("the header line is blank", line=1)
        if self._explicit_delimiter and self.delimiter != ";" and len(names) == 1 and ";" in names[0]:
            raise self._error(
                'header is a single column containing ";": the file looks semicolon-delimited',
                line=1,
                hint='hint: set delimiter = ";"',
            )
        seen: dict[str, int] = {}
        for position, name in enumerate(names, 1):
            if not name:
                raise self._error(
                    f"empty column name at position {position}",
                    line=1,
                    hint="name the column, or delete it in the spreadsheet",
                )
            first = seen.setdefault(name.casefold(), position)
            if first != position:
                raise self._error(f'duplicate column "{names[first - 1]}" at positions {first} and {position}', line=1)
        return names

    def _raise_csv_limit(self) -> None:
        # csv's limit is process-global; only ever raise it, and only as far as the
        # configured column limits need, so our own per-column error fires first.
        needed = max([self._max_field, *self._limits.values()]) + 1
        if csv.field_size_limit() < needed:
            csv.field_size_limit(needed)

    def _warn_mojibake(self, value: str, row: int, line: int, column: str) -> None:
        if len(self.warnings) >= _MAX_WARNINGS:
            self._suppressed += 1
            return
        shown = value if len(value) <= 80 else value[:77] + "..."
        self.warnings.append(
            str(
                InputError(
                    f'looks like mojibake ("{shown}")',
                    path=self.path,
                    row=row,
                    line=line,
                    column=column,
                    hint="the file may have been decoded twice upstream",
                )
            )
        )

    # -- quoting errors ----------------------------------------------------------------

    def _csv_error(self, exc: csv.Error, start: int, end: int, row: int | None) -> InputError:
        """Turn csv's terse error into one that points at where the bad quote opened."""
        opened, still_open = self._scan_quotes(start, end)
        if "field larger than field limit" in str(exc):
            if still_open and opened is not None:
                return self._error(
                    f"unclosed quote opened at line {opened}: the quoted field "
                    f"runs on for over {csv.field_size_limit()} characters",
                    row=row,
                    line=opened,
                )
            longest = max([self._max_field, *self._limits.values()])  # csv's own limit is global, maybe higher
            return self._error(
                f"a value is over {longest} characters, longer than any column allows",
                row=row,
                line=start,
                hint="raise the column's limit in the input's limits = {...} if it is genuine",
            )
        if still_open and opened is not None:
            return self._error(f"unclosed quote opened at line {opened}", row=row, line=opened)
        if opened is not None and opened < end:
            return self._error(
                f"unclosed quote opened at line {opened}; the quoted field runs on to line {end}", row=row, line=opened
            )
        return self._error(
            f"malformed quoting ({exc})",
            row=row,
            line=end,
            hint='hint: a quote inside a quoted field must be doubled ("")',
        )

    def _scan_quotes(self, start: int, end: int) -> tuple[int | None, bool]:
        """Replay csv's quote states over lines start..end of one record.

        Returns the line where the last quoted field opened and whether it is still open.
        Only runs after an error, so speed matters less than agreeing with csv.
        """
        delim, opened, state = self.delimiter, None, "start"
        for number, line in enumerate(itertools.islice(self._lines(), start - 1, end), start):
            body, i = line.rstrip("\r\n"), 0
            while i < len(body):
                if state == "quoted":
                    j = body.find('"', i)
                    if j < 0:
                        break
                    state, i = "closing", j + 1
                elif state == "closing":
                    if body[i] == '"':
                        state = "quoted"
                    elif body[i] == delim:
                        state = "start"
                    else:
                        return opened, False  # where strict csv gives up
                    i += 1
                elif state == "start" and body[i] == '"':
                    state, opened, i = "quoted", number, i + 1
                else:
                    j = body.find(delim, i)
                    if j < 0:
                        break
                    state, i = "start", j + 1
            if state != "quoted":
                state = "start"
        return opened, state == "quoted"


class _Fallback(Exception):
    """The fast reader met something only the line-by-line reader can explain."""


def _sniff(line: str) -> str:
    """The most frequent of , ; TAB outside quotes in the header line; ties favour ','."""
    counts = dict.fromkeys(",;\t", 0)
    inside = False
    for ch in line:
        if ch == '"':
            inside = not inside
        elif not inside and ch in counts:
            counts[ch] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","
