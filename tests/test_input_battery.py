"""The bad-input battery: each case its own fixture, an exact one-line error, exit 1, and the
workspace byte-for-byte as before; or, where the case is accepted, what is stored."""

from __future__ import annotations

import pytest
from edition_helpers import ATTENDANCE, PEOPLE, fails_unchanged, make_edition, ok, query, workspace

# -- encodings --------------------------------------------------------------------------


def test_utf8_bom_is_accepted_and_stripped(tmp_path):
    config = make_edition(tmp_path, {"people": b"\xef\xbb\xbf" + PEOPLE.encode()})
    ok(config)
    assert query(config, "SELECT id, name FROM people ORDER BY id")[0] == ("p001", "Ana Prueba")


def test_cp1252_fails_suggesting_the_encoding(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    bad = "id,name,email,gender\np001,Ana Católica,ana@example.org,woman\n".encode("cp1252")
    fails_unchanged(
        config,
        "people",
        bad,
        "{path}: line 2: not valid UTF-8 (byte 0xF3) at character 13; if the file was saved by Excel as "
        'plain CSV: set encoding = "cp1252" under [inputs.people] (like --encoding cp1252)',
    )


def test_cp1252_is_read_with_the_encoding_and_keeps_accents(tmp_path):
    data = "id,name,email,gender\np001,Ana Católica Perú,ana@example.org,woman\n".encode("cp1252")
    config = make_edition(tmp_path, {"people": data}, {"people": {"encoding": "cp1252"}})
    ok(config)
    (name,) = query(config, "SELECT name FROM people")[0]
    assert name == "Ana Católica Perú" and "\ufffd" not in name


def test_mojibake_is_a_warning_with_row_and_column(tmp_path):
    config = make_edition(tmp_path, {"people": "id,name,email,gender\np001,Ana CatÃ³lica,ana@example.org,woman\n"})
    output = ok(config)
    assert (
        f'warning: {tmp_path / "people.csv"}: row 1 (line 2), column "name": looks like mojibake '
        '("Ana CatÃ³lica"); the file may have been decoded twice upstream'
    ) in output


def test_utf16_with_bom_is_decoded(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE.replace(",", "\t").encode("utf-16")})
    ok(config)
    assert query(config, "SELECT count(*) FROM people") == [(2,)]


def test_encoding_change_half_way_fails_at_the_first_bad_byte(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    bad = (
        "id,name,email,gender\np001,Perú,ana@example.org,woman\n".encode()
        + "p002,Perú,beto@example.org,man\n".encode("cp1252")
    )
    fails_unchanged(
        config,
        "people",
        bad,
        "{path}: line 3: not valid UTF-8 (byte 0xFA) at character 9; if the file was saved by Excel as "
        'plain CSV: set encoding = "cp1252" under [inputs.people] (like --encoding cp1252)',
    )


# -- Unicode normalisation and invisible characters ---------------------------------------


def test_nfd_is_normalised_to_nfc(tmp_path):
    config = make_edition(tmp_path, {"people": "id,name,email,gender\np001,Peru\u0301 Prueba,a@example.org,woman\n"})
    ok(config)
    assert query(config, "SELECT name FROM people") == [("Perú Prueba",)]


def test_nfc_and_nfd_spellings_dedupe(tmp_path):
    forms = (
        "Timestamp,Email Address,Name,Gender\n"
        "2017-05-01T10:00:00Z,x@example.org,Perú Uno,Woman\n"
        "2017-05-02T10:00:00Z,y@example.org,Peru\u0301 Uno,Woman\n"
    )
    config = make_edition(tmp_path, {"attendance": forms}, {"attendance": {"format": "google_forms", "dedupe": "name"}})
    output = ok(config)
    assert query(config, "SELECT name, email FROM registrations") == [("Perú Uno", "y@example.org")]
    assert "1 duplicates resolved" in output


def test_no_break_and_zero_width_spaces_are_cleaned_before_mapping(tmp_path):
    data = (
        "id,name,email,gender,stakeholder,mode,attended\n"
        "r1,Ana\u00a0Prueba,\u200bana@example.org,woman,Sociedad\u00a0civil\u200b,in_person,yes\n"
    )
    config = make_edition(tmp_path, {"attendance": data})
    ok(config)
    assert query(config, "SELECT name, email, stakeholder FROM registrations") == [
        ("Ana Prueba", "ana@example.org", "civil_society")
    ]


# -- delimiters and numbers ------------------------------------------------------------------


def test_semicolon_export_is_sniffed(tmp_path):
    config = make_edition(tmp_path, {"budget": "item;amount;currency\nVenue;1200;PEN\n"})
    ok(config)
    assert query(config, "SELECT item, amount FROM budget_lines") == [("Venue", 1200.0)]


def test_semicolon_export_with_configured_delimiter(tmp_path):
    config = make_edition(
        tmp_path, {"budget": "item;amount;currency\nVenue;1200;PEN\n"}, {"budget": {"delimiter": ";"}}
    )
    ok(config)
    assert query(config, "SELECT count(*) FROM budget_lines") == [(1,)]


def test_single_header_with_semicolons_is_an_error(tmp_path):
    config = make_edition(tmp_path, {"budget": "item,amount\nVenue,1200\n"}, {"budget": {"delimiter": ","}})
    fails_unchanged(
        config,
        "budget",
        "item;amount;currency\nVenue;1200;PEN\n",
        '{path}: line 1: header is a single column containing ";": the file looks semicolon-delimited; '
        'hint: set delimiter = ";"',
    )


def test_decimal_comma_needs_a_locale(tmp_path):
    config = make_edition(tmp_path, {"budget": "item;amount\nVenue;1200\n"})
    fails_unchanged(
        config,
        "budget",
        "item;amount\nVenue;1.234,5\n",
        "{path}: row 1 (line 2), column \"amount\": expected a number, got '1.234,5'; "
        'set locale = "es" (1.234,5) or "en" (1,234.5) for this input',
    )


def test_decimal_comma_with_locale(tmp_path):
    config = make_edition(
        tmp_path, {"budget": "item;amount\nVenue;1.234,5\nCatering;80\n"}, {"budget": {"locale": "es"}}
    )
    ok(config)
    assert query(config, "SELECT amount FROM budget_lines ORDER BY id") == [(1234.5,), (80.0,)]


# -- structure -----------------------------------------------------------------------------


def test_embedded_newline_is_one_record_with_right_row_and_line(tmp_path):
    good = 'id,name,email,gender,bio\np001,Ana,ana@example.org,woman,"Line one\nline two"\n'
    config = make_edition(tmp_path, {"people": good})
    ok(config)
    assert query(config, "SELECT bio FROM people") == [("Line one\nline two",)]
    bad = good + "p002,Beto,not-an-email,man,\n"
    fails_unchanged(
        config, "people", bad, "{path}: row 2 (line 4), column \"email\": invalid e-mail address 'not-an-email'"
    )


def test_unclosed_quote_points_at_the_line_it_opened(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    bad = 'id,name,email,gender\np001,"Ana,ana@example.org,woman\np002,Beto,beto@example.org,man\n'
    fails_unchanged(config, "people", bad, "{path}: row 1 (line 2): unclosed quote opened at line 2")


def test_ragged_row(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(
        config,
        "people",
        "id,name,email,gender\np001,Ana,ana@example.org\n",
        "{path}: row 1 (line 2): expected 4 fields (as in the header), found 3",
    )


def test_duplicate_header_names_both_positions(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(
        config,
        "people",
        "id,name,email,name\np001,Ana,ana@example.org,Ana\n",
        '{path}: line 1: duplicate column "name" at positions 2 and 4',
    )


def test_blank_rows_and_excel_tail_are_skipped_and_counted(tmp_path):
    config = make_edition(tmp_path, {"people": "id,name,email,gender\np001,Ana,,woman\n\n,,,\n,,,\n"})
    output = ok(config)
    assert "people         4 read, 1 imported, 3 skipped (3 blank row)" in output
    assert query(config, "SELECT rows_read, rows_imported, skipped FROM import_log") == [(4, 1, '{"blank row": 3}')]


def test_empty_file(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(config, "people", b"", "{path}: file is empty")


def test_header_only(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(config, "people", "id,name,email,gender\n", "{path}: no data rows after the header")


def test_xlsx_renamed_csv(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(
        config,
        "people",
        b"PK\x03\x04" + b"\x00" * 40,
        "{path}: this is an .xlsx (zip) file, not CSV; export it as CSV or name it .xlsx",
    )


def test_nul_byte(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(
        config,
        "people",
        b"id,name,email,gender\np001,An\x00a,ana@example.org,woman\n",
        "{path}: line 2: NUL byte at character 8; the file may be UTF-16 without a byte-order mark: "
        'set encoding = "utf-16-le" under [inputs.people] (like --encoding utf-16-le)',
    )


def test_field_over_the_column_limit(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(
        config,
        "people",
        "id,name,email,gender,bio\np001,Ana,,woman," + "x" * 10_001 + "\n",
        '{path}: row 1 (line 2), column "bio": value is 10001 characters, over the column\'s limit of 10000',
    )


def test_file_over_the_configured_size_limit(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE}, {"people": {"max_bytes": 200}})
    bad = PEOPLE + "p003,Carla,carla@example.org,woman\n" * 10
    fails_unchanged(
        config,
        "people",
        bad,
        "{path}: file is " + str(len(bad.encode())) + " bytes, over the limit of 200; raise [inputs] max_bytes",
    )


# -- headers ---------------------------------------------------------------------------------


def test_header_renamed_mid_call_names_old_and_new(tmp_path):
    good = "id,name,País\np001,Ana,PE\n"
    config = make_edition(tmp_path, {"people": good}, {"people": {"columns": {"country": "País"}}})
    fails_unchanged(
        config,
        "people",
        "id,name,País de residencia\np001,Ana,PE\n",
        '{path}: line 1, column "País": expected column "País" (columns.country) is not in the header; '
        'found "País de residencia" instead; if the form renamed it, map it with: '
        'columns = {{ country = "País de residencia" }}',
    )


def test_unknown_header_suggests_the_closest_expected(tmp_path):
    config = make_edition(tmp_path, {"attendance": ATTENDANCE})
    fails_unchanged(
        config,
        "attendance",
        "id,name,genero\nr1,Ana,woman\n",
        '{path}: line 1, column "genero": unknown column "genero"; the closest expected column is '
        '"gender"; map it with: columns = {{ gender = "genero" }}, or list it under ignore',
    )


# -- dates -------------------------------------------------------------------------------------

SPANISH_DATES = (
    "id,submitted_at,stakeholder\n"
    "i1,18/04/2017 2:49:46 p. m. GMT-5,civil society\n"
    "i2,03/04/2017 9:05:00 a. m. GMT-5,academia\n"
)


def test_day_first_dates_with_am_pm_and_gmt_stored_as_utc(tmp_path):
    config = make_edition(tmp_path, {"interest": SPANISH_DATES}, {"interest": {"date_format": "%d/%m/%Y %I:%M:%S %p"}})
    ok(config)
    assert query(config, "SELECT id, submitted_at FROM expressions_of_interest ORDER BY id") == [
        ("i1", "2017-04-18T19:49:46Z"),
        ("i2", "2017-04-03T14:05:00Z"),
    ]


def test_dates_with_a_declared_timezone(tmp_path):
    data = "id,submitted_at,stakeholder\ni1,18/04/2017 14:49,civil society\n"
    config = make_edition(
        tmp_path, {"interest": data}, {"interest": {"date_format": "%d/%m/%Y %H:%M", "timezone": "America/Lima"}}
    )
    ok(config)
    assert query(config, "SELECT submitted_at FROM expressions_of_interest") == [("2017-04-18T19:49:00Z",)]


def test_ambiguous_date_without_format_is_an_error(tmp_path):
    config = make_edition(tmp_path, {"interest": "id,submitted_at,stakeholder\ni1,2017-04-03,academia\n"})
    fails_unchanged(
        config,
        "interest",
        "id,submitted_at,stakeholder\ni1,03/04/2017,academia\n",
        '{path}: row 1 (line 2), column "submitted_at": expected an ISO 8601 date or date-time, got '
        "'03/04/2017'; ambiguous: it reads as 2017-04-03 (%d/%m/%Y) or 2017-03-04 (%m/%d/%Y); "
        "declare the source's date_format",
    )


def test_unparseable_date_against_the_declared_format(tmp_path):
    config = make_edition(tmp_path, {"interest": SPANISH_DATES}, {"interest": {"date_format": "%d/%m/%Y %I:%M:%S %p"}})
    fails_unchanged(
        config,
        "interest",
        "id,submitted_at,stakeholder\ni1,31/02/2017 2:49:46 p. m.,academia\n",
        "{path}: row 1 (line 2), column \"submitted_at\": date '31/02/2017 2:49:46 p. m.' does not match "
        "the declared date_format '%d/%m/%Y %I:%M:%S %p'; declare the source's date_format, e.g. "
        'date_format = "%d/%m/%Y %H:%M:%S"',
    )


# -- values ------------------------------------------------------------------------------------


def test_unknown_stakeholder_lists_the_allowed_values(tmp_path):
    config = make_edition(tmp_path, {"attendance": ATTENDANCE})
    fails_unchanged(
        config,
        "attendance",
        ATTENDANCE.replace("civil society", "Otro"),
        "{path}: row 1 (line 2), column \"stakeholder\": unknown stakeholder group 'Otro'; allowed: "
        "government (Government), private_sector (Private sector), civil_society (Civil society), "
        "technical_community (Technical community), academia (Academia), intergovernmental "
        "(Intergovernmental organisations); or add it under [stakeholders] synonyms or this input's "
        "values.stakeholder",
    )


def test_stakeholder_synonyms_from_the_input_mapping(tmp_path):
    config = make_edition(
        tmp_path,
        {"attendance": ATTENDANCE.replace("civil society", "Colectivo")},
        {"attendance": {"values": {"stakeholder": {"colectivo": "civil_society"}}}},
    )
    ok(config)
    assert query(config, "SELECT stakeholder FROM registrations") == [("civil_society",)]


def test_leading_zeros_in_ids_and_phones_are_kept_as_text(tmp_path):
    config = make_edition(tmp_path, {"people": "id,name,phone,gender\n00123,Ana,012345678,woman\n"})
    ok(config)
    assert query(config, "SELECT id, typeof(id), phone, typeof(phone) FROM people") == [
        ("00123", "text", "012345678", "text")
    ]


def test_same_person_twice_latest_submission_wins_and_is_reported(tmp_path):
    forms = (
        "Timestamp,Email Address,Name,Gender,Mode\n"
        "2017-05-03T10:00:00Z,ana@example.org,Ana,Woman,remote\n"
        "2017-05-01T10:00:00Z,beto@example.org,Beto,Man,in_person\n"
        "2017-05-01T09:00:00Z,ANA@example.org,Ana old,Woman,in_person\n"
    )
    config = make_edition(tmp_path, {"attendance": forms}, {"attendance": {"format": "google_forms"}})
    output = ok(config)
    assert sorted(query(config, "SELECT name, mode FROM registrations")) == [("Ana", "remote"), ("Beto", "in_person")]
    assert (
        "attendance     3 read, 2 imported, 1 skipped (1 earlier submission by the same person (latest wins)); "
        "1 duplicates resolved"
    ) in output
    assert query(config, "SELECT duplicates_resolved FROM import_log") == [(1,)]


def test_invalid_email(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(
        config,
        "people",
        PEOPLE.replace("beto@example.org", "beto at example.org"),
        "{path}: row 2 (line 3), column \"email\": invalid e-mail address 'beto at example.org'",
    )


def test_empty_required_field(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(
        config,
        "people",
        PEOPLE.replace("Beto Prueba", ""),
        '{path}: row 2 (line 3), column "name": empty value in a required field',
    )


def test_email_typed_into_a_published_field(tmp_path):
    config = make_edition(tmp_path, {"people": PEOPLE})
    fails_unchanged(
        config,
        "people",
        PEOPLE.replace("Beto Prueba", "Beto beto@example.org"),
        '{path}: row 2 (line 3), column "name": an e-mail address is typed into a field that may be '
        "published; remove it, or move it to the e-mail column",
    )


@pytest.mark.parametrize(
    "typed, category, text",
    [
        ("Prefer not to say", "not_stated", None),
        ("Prefiero no decir", "not_stated", None),
        ("", "not_stated", None),
        ("Agénero", "self_described", "Agénero"),
        ("Mujer", "woman", None),
    ],
)
def test_gender_is_a_category_plus_private_text(tmp_path, typed, category, text):
    data = f"id,name,email,gender,stakeholder,mode,attended\nr1,Ana,,{typed},academia,in_person,yes\n"
    config = make_edition(tmp_path, {"attendance": data})
    ok(config)
    assert query(config, "SELECT gender, gender_text FROM registrations") == [(category, text)]
    from nrikit.workspace.schema import BY_NAME

    assert BY_NAME["registrations"].column("gender_text").private


def test_markup_in_names_is_stored_verbatim_and_escaped_in_the_summary(tmp_path):
    evil = "<script>alert(1)</script>"
    img = '"><img src=x onerror=alert(1)>'
    sponsors = f'name,role\n{evil},"{img.replace(chr(34), chr(34) * 2)}"\n'
    config = make_edition(tmp_path, {"sponsors": sponsors, "people": f"id,name,gender\np1,{evil},woman\n"})
    ok(config)
    assert query(config, "SELECT name, role FROM sponsors") == [(evil, img)]
    assert query(config, "SELECT name FROM people") == [(evil,)]
    summary = (workspace(config).parent / "edition-summary.md").read_text(encoding="utf-8")
    (stored,) = query(config, "SELECT content FROM reports WHERE name = 'summary'")[0]
    for text in (summary, stored):
        assert "<script>" not in text and "<img" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert '"&gt;&lt;img src=x onerror=alert(1)&gt;' in text


def test_sql_in_headers_and_config_values_never_names_a_table_or_column(tmp_path):
    sql = 'x"; DROP TABLE people; --'
    data = f'id,name,"{sql.replace(chr(34), chr(34) * 2)}",gender\np001,"{sql.replace(chr(34), chr(34) * 2)}",v@example.org,woman\n'
    config = make_edition(
        tmp_path,
        {"people": data},
        {"people": {"columns": {"email": sql}, "values": {"gender": {sql: "woman"}}}},
        extra=f'[stakeholders]\nsynonyms = {{ "{sql.replace(chr(34), chr(92) + chr(34))}" = "academia" }}\n',
    )
    ok(config)
    names = {r[0] for r in query(config, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    import re

    assert all(re.fullmatch(r"[a-z_][a-z0-9_]*", n) for n in names), names
    assert "people" in names
    for table in names:
        for _, col, *_rest in query(config, f'PRAGMA table_info("{table}")'):
            assert re.fullmatch(r"[a-z_][a-z0-9_]*", col), (table, col)
    assert query(config, "SELECT name, email FROM people") == [(sql, "v@example.org")]


def test_field_over_a_configured_column_limit(tmp_path):
    config = make_edition(
        tmp_path,
        {"people": "id,name,gender,Biografía\np001,Ana,woman,Corta\n"},
        {"people": {"columns": {"bio": "Biografía"}, "limits": {"bio": 12}}},
    )
    fails_unchanged(
        config,
        "people",
        "id,name,gender,Biografía\np001,Ana,woman,Una biografía larga\n",
        '{path}: row 1 (line 2), column "Biografía": value is 19 characters, over the column\'s limit of 12',
    )
