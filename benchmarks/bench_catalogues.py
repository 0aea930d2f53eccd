"""Reading the translation catalogues at run time: .po parsed by Babel against a compiled .mo.

nrikit reads its .po files directly (nrikit.i18n), once per language and process. This prints
what that costs against the compiled alternative, as a ratio measured in the same run, and
against one report build's rendering time.

    .venv/bin/python benchmarks/bench_catalogues.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from results import record

from nrikit import i18n


def best(fn, n=20):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    path = i18n.po_path(i18n.LOCALES, i18n.DOMAIN, "es")
    raw = path.read_bytes()
    mo = io.BytesIO()
    write_mo(mo, read_po(io.BytesIO(raw)))
    mo_bytes = mo.getvalue()
    po_s = best(lambda: read_po(io.BytesIO(raw)))
    mo_s = best(lambda: read_mo(io.BytesIO(mo_bytes)))
    cached = best(lambda: i18n.gettext("es", "no {group} on the committee", group="x"), n=2000)
    print(f"es catalogue: {len(read_po(io.BytesIO(raw)))} messages")
    print(f"read .po / read .mo: {po_s / mo_s:.1f}x  ({po_s * 1000:.1f} ms vs {mo_s * 1000:.2f} ms, once per process)")
    print(f"one cached lookup / one .po read: {cached / po_s:.5f}")
    # reading .po at run time is worth no build step while it stays within 10x a compiled .mo
    record("catalogues", "read the es .po vs its compiled .mo", po_s, mo_s, "s", "<= 10x", po_s / mo_s <= 10)


if __name__ == "__main__":
    main()
