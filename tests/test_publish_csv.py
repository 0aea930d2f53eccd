"""CSV exports cannot run as spreadsheet formulas; the tiny edition publishes and serves."""

from __future__ import annotations

import csv
import io

import pytest

from nrikit.opendata.datasette_plugin.csvguard import CsvRewriter, neutralise


def test_neutralise_cells():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+51 900") == "'+51 900"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\tx") == "'\tx" and neutralise("\rx") == "'\rx" and neutralise("\nx") == "'\nx"
    assert neutralise("-3.5") == "-3.5" and neutralise("+1e3") == "+1e3" and neutralise("-") == "'-"
    assert neutralise("plain") == "plain" and neutralise("") == ""


@pytest.mark.parametrize("chunk", [1, 3, 7, 1000])
def test_rewriter_streams_across_chunk_boundaries(chunk):
    rows = [
        ["id", "title", "n"],
        ["1", '=HYPERLINK("http://x","y")', "-4"],
        ["2", 'multi\nline "quoted", =no', "5"],
        ["3", "\n=starts with newline", "-0.5"],
        ["4", "Perú ñandú", "+7"],
        ["5", "@cmd", ""],
    ]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    data = buf.getvalue().encode("utf-8")
    rw = CsvRewriter()
    out = b"".join(rw.feed(data[i : i + chunk]) for i in range(0, len(data), chunk)) + rw.close()
    parsed = list(csv.reader(io.StringIO(out.decode("utf-8"))))
    assert parsed[1] == ["1", '\'=HYPERLINK("http://x","y")', "-4"]
    assert parsed[2] == ["2", 'multi\nline "quoted", =no', "5"]
    assert parsed[3] == ["3", "'\n=starts with newline", "-0.5"]
    assert parsed[4] == ["4", "Perú ñandú", "+7"]
    assert parsed[5] == ["5", "'@cmd", ""]


@pytest.mark.asyncio
async def test_datasette_csv_exports_are_neutralised(edition, pipeline_of, tmp_path):
    from datasette.app import Datasette

    from nrikit.opendata.publish import publish

    edition.rows["topics"][1][1] = '=HYPERLINK("http://evil.example/","click")'
    edition.rows["topics"][2][3] = "+cmd|' /C calc'!A0"
    edition.write("topics")
    pipeline_of(edition).run()
    site = tmp_path / "site"
    publish([edition.config], site)
    ds = Datasette(config_dir=site)
    await ds.invoke_startup()
    for path in (
        "/public/topics.csv",
        "/public/topics.csv?_dl=1",
        "/public/topics.csv?_stream=on&_size=max",
        "/public/panels.csv?_labels=on&_size=max",
    ):
        r = await ds.client.get(path)
        assert r.status_code == 200
        for row in csv.reader(io.StringIO(r.text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r", "\n")) or cell[1:2] == "", (path, cell)
                if cell.startswith("-"):
                    float(cell)
    text = (await ds.client.get("/public/topics.csv")).text
    assert "'=HYPERLINK" in text and "'+cmd" in text
    # JSON is data, not a spreadsheet: it keeps the value as typed.
    rows = (await ds.client.get("/public/topics.json?_shape=array")).json()
    assert rows[0]["title"].startswith("=HYPERLINK")
    # The tiny edition's 11 attendees: counts of 1..4 withheld.
    demo = (await ds.client.get("/public/demographics.json?_shape=array&population=attendees&dimension=gender")).json()
    assert {d["category"]: d["count"] for d in demo}["woman"] == 6
