import codecs
import csv
import inspect
import tracemalloc

import pytest

from nrikit.errors import InputError
from nrikit.importers.csvread import Record, clean_text, iter_records, read_table


def write(tmp_path, data, name="in.csv"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def fails(path, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_table(path, **kwargs)
    assert str(path) in str(info.value)
    return info.value


# -- basics and encodings ----------------------------------------------------------------


def test_reads_records_with_rows_lines_and_metadata(tmp_path):
    path = write(tmp_path, "name,country\nAna,Perú\nBo,Chile\n")
    table = read_table(path)
    assert table.header == ["name", "country"]
    assert table.records == [
        Record(1, 2, {"name": "Ana", "country": "Perú"}),
        Record(2, 3, {"name": "Bo", "country": "Chile"}),
    ]
    assert (table.encoding, table.delimiter, table.skipped_blank) == ("utf-8", ",", 0)
    assert len(table.sha256) == 64 and table.warnings == []


def test_utf8_bom_is_stripped(tmp_path):
    table = read_table(write(tmp_path, codecs.BOM_UTF8 + b"email,name\nx@y.org,Ana\n"))
    assert table.header == ["email", "name"]
    assert table.encoding == "utf-8-sig"


def test_cp1252_fails_with_line_and_hint_then_reads_with_encoding(tmp_path):
    data = "name,org\nAna,UNAM\nBo,Católica\n".encode("cp1252")
    path = write(tmp_path, data)
    err = fails(path)
    assert err.line == 3
    assert "not valid UTF-8 (byte 0xF3)" in str(err)
    assert "at character 7" in str(err)  # "Bo,Cat" then the bad byte
    assert "cp1252" in str(err)
    table = read_table(path, encoding="cp1252")
    assert table.records[1].values["org"] == "Católica"
    assert table.encoding == "cp1252"


def test_utf16_with_bom_decodes(tmp_path):
    path = write(tmp_path, "name,country\r\nAna,Perú\r\n".encode("utf-16"))
    table = read_table(path)
    assert table.encoding == "utf-16"
    assert table.records[0].values == {"name": "Ana", "country": "Perú"}


def test_mixed_encoding_reports_first_bad_line(tmp_path):
    good = "".join(f"{i},Perú\n" for i in range(1, 40_000)).encode("utf-8")  # > one chunk
    bad = "".join(f"{i},Perú\n" for i in range(40_000, 40_010)).encode("cp1252")
    err = fails(write(tmp_path, b"id,country\n" + good + bad))
    assert err.line == 40_001  # header is line 1, so id 40000 is on line 40001
    assert "byte 0xFA" in str(err)


def test_never_replaces_characters_even_for_explicit_encoding(tmp_path):
    err = fails(write(tmp_path, b"a,b\n1,\x81\n"), encoding="cp1252")
    assert err.line == 2 and "not valid cp1252 (byte 0x81)" in str(err)


# -- cleaning ----------------------------------------------------------------------------


def test_clean_text_nfc_nfd_equal():
    nfc, nfd = "Per\u00fa", "Peru\u0301"
    assert nfc != nfd
    assert clean_text(nfc) == clean_text(nfd) == "Perú"


def test_clean_text_spaces_and_zero_width():
    assert clean_text("\u00a0Ana\u202fMaría\u200b\u200c\u200d\u2060\ufeff ") == "Ana María"
    assert clean_text("a  b") == "a  b"  # internal runs are left alone


def test_values_and_header_are_cleaned(tmp_path):
    table = read_table(write(tmp_path, "\u200bname ,city\n Ana\u00a0,Peru\u0301\n"))
    assert table.header == ["name", "city"]
    assert table.records[0].values == {"name": "Ana", "city": "Perú"}


# -- delimiters --------------------------------------------------------------------------


def test_semicolon_is_sniffed_from_header(tmp_path):
    table = read_table(write(tmp_path, 'name;"a,b";c\nAna;1,5;x\n'))
    assert table.delimiter == ";"
    assert table.records[0].values == {"name": "Ana", "a,b": "1,5", "c": "x"}


def test_tab_is_sniffed(tmp_path):
    assert read_table(write(tmp_path, "a\tb\n1\t2\n")).delimiter == "\t"


def test_single_header_with_semicolon_and_comma_delimiter(tmp_path):
    err = fails(write(tmp_path, "name;email\nAna;a@b.org\n"), delimiter=",")
    assert 'header is a single column containing ";"' in str(err)
    assert 'set delimiter = ";"' in str(err)


# -- structure ---------------------------------------------------------------------------


def test_embedded_newline_keeps_row_and_line_numbers(tmp_path):
    path = write(tmp_path, 'name,note\nAna,"two\nlines"\nBo,"x\r\ny\r\nz"\nCy,plain\n')
    records = read_table(path).records
    assert [(r.row, r.line) for r in records] == [(1, 2), (2, 4), (3, 7)]
    assert records[0].values["note"] == "two\nlines"


def test_unclosed_quote_reports_line_it_opened(tmp_path):
    lines = ["id,name,note"] + [f"{i},n{i},ok" for i in range(2, 11)]
    lines[3] = '4,n4,"never closed'
    err = fails(write(tmp_path, "\n".join(lines) + "\n"))
    assert err.line == 4
    assert "unclosed quote opened at line 4" in str(err)


def test_unclosed_quote_closed_by_a_later_quote(tmp_path):
    path = write(tmp_path, 'id,note\n1,ok\n2,"oops\n3,"fine"\n4,x\n')
    err = fails(path)
    assert "unclosed quote opened at line 3" in str(err)


def test_unclosed_quote_on_last_line_without_newline(tmp_path):
    err = fails(write(tmp_path, 'id,note\n1,ok\n2,"oops'))
    assert "unclosed quote opened at line 3" in str(err)


def test_malformed_quote_on_one_line(tmp_path):
    err = fails(write(tmp_path, 'id,note\n1,"a"b\n'))
    assert err.line == 2 and "malformed quoting" in str(err)


def test_ragged_row(tmp_path):
    err = fails(write(tmp_path, "a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5,6,7\n"))
    assert (err.row, err.line) == (2, 3)
    assert "expected 5 fields (as in the header), found 7" in str(err)


def test_duplicate_header_names_both_positions(tmp_path):
    err = fails(write(tmp_path, "id,name,email,a,b,c,Email \n1,2,3,4,5,6,7\n"))
    assert 'duplicate column "email" at positions 3 and 7' in str(err)


def test_empty_header_name(tmp_path):
    err = fails(write(tmp_path, "id,,name\n1,2,3\n"))
    assert "empty column name at position 2" in str(err)


def test_blank_rows_and_excel_tail_are_skipped_and_counted(tmp_path):
    path = write(tmp_path, "a,b,c\n1,2,3\n\n , ,\n4,5,6\n,,\n,,\n,,\n")
    table = read_table(path)
    assert [(r.row, r.line) for r in table.records] == [(1, 2), (2, 5)]
    assert table.skipped_blank == 5


def test_empty_file(tmp_path):
    assert "file is empty" in str(fails(write(tmp_path, b"")))


def test_header_only(tmp_path):
    assert "no data rows after the header" in str(fails(write(tmp_path, "a,b\n")))
    assert "no data rows after the header" in str(fails(write(tmp_path, "a,b\n,\n", "t.csv")))


def test_xlsx_renamed_to_csv(tmp_path):
    err = fails(write(tmp_path, b"PK\x03\x04\x14\x00\x06\x00rest-of-zip"))
    assert "this is an .xlsx (zip) file, not CSV" in str(err)
    assert "export it as CSV" in str(err)


def test_nul_byte_reports_line(tmp_path):
    err = fails(write(tmp_path, b"a,b\n1,2\n3,4\x00\n"))
    assert err.line == 3 and "NUL byte" in str(err)


# -- limits ------------------------------------------------------------------------------


def test_field_over_limit(tmp_path):
    path = write(tmp_path, "id,bio\n1,short\n2," + "x" * 12000 + "\n")
    err = fails(path)
    assert (err.row, err.line, err.column) == (2, 3, "bio")
    assert "value is 12000 characters, over the column's limit of 10000" in str(err)


def test_per_column_field_limit(tmp_path):
    path = write(tmp_path, "id,bio\n1," + "x" * 200_000 + "\n")
    table = read_table(path, field_limits={"bio": 250_000})
    assert len(table.records[0].values["bio"]) == 200_000
    err = fails(path, field_limits={"id": 3}, max_field=100)
    assert err.column == "bio"


def test_csv_field_limit_is_raised_only_as_needed(tmp_path):
    before = csv.field_size_limit()
    read_table(write(tmp_path, "a\n1\n"), max_field=10)
    assert csv.field_size_limit() == before


def test_file_over_size_limit(tmp_path):
    err = fails(write(tmp_path, "a,b\n1,2\n"), max_bytes=5)
    assert "file is 8 bytes, over the limit of 5" in str(err)
    assert "raise [inputs] max_bytes" in str(err)


# -- warnings ----------------------------------------------------------------------------


def test_mojibake_warning(tmp_path):
    text = "name,org\nAna,CatÃ³lica\nBo,São Paulo\n"
    table = read_table(write(tmp_path, text))
    assert len(table.warnings) == 1
    warning = table.warnings[0]
    assert warning.startswith(f'{tmp_path / "in.csv"}: row 1 (line 2), column "org"')
    assert 'looks like mojibake ("CatÃ³lica")' in warning
    assert "decoded twice upstream" in warning


# -- streaming ---------------------------------------------------------------------------


def test_iter_records_streams_in_bounded_memory(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("id,name,email,country\n")
        for i in range(200_000):
            f.write(f"{i},Participant número {i},person{i}@example.org,Perú\n")
    size = path.stat().st_size
    records = iter_records(path)
    assert inspect.isgenerator(records)

    def traced_peak(n):  # tracing is slow, so trace only the start and the end
        tracemalloc.start()
        try:
            for _ in range(n):
                last = next(records)
            return tracemalloc.get_traced_memory()[1], last
        finally:
            tracemalloc.stop()

    start_peak, _ = traced_peak(1_000)  # would see a file loaded up front
    for _ in range(200_000 - 1_000 - 30_000):
        next(records)
    end_peak, last = traced_peak(30_000)  # would see records piling up
    assert next(records, None) is None
    assert (last.row, last.line) == (200_000, 200_001)
    assert max(start_peak, end_peak) < size / 4, (start_peak, end_peak, size)


def test_iter_records_applies_the_same_checks(tmp_path):
    path = write(tmp_path, "a,b\n1,2\n3\n")
    with pytest.raises(InputError, match="expected 2 fields"):
        list(iter_records(path))
    warnings = []
    list(iter_records(write(tmp_path, "a\nÃ©\n", "m.csv"), warnings=warnings))
    assert len(warnings) == 1
