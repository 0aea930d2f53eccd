"""Every word the committee workspace shows goes through committee/text.py and the gettext catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from nrikit import i18n
from nrikit.committee import text

TEMPLATES = Path(text.__file__).parent / "templates"


def test_templates_hold_no_words_of_their_own():
    """Strip tags, Jinja blocks and expressions: what is left must be punctuation, so switching the
    catalogue (to Babel, say) translates every page."""
    for path in TEMPLATES.glob("*.html"):
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
        source = re.sub(r"\{%.*?%\}", "", source, flags=re.S)
        source = re.sub(r"\{\{.*?\}\}", "", source, flags=re.S)
        source = re.sub(r"<[^>]*>", "", source, flags=re.S)
        words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", source)
        assert words == [], (path.name, words)


def test_every_key_used_by_the_templates_and_code_exists_in_every_language():
    package = Path(text.__file__).parent
    used = set()
    for path in [*package.glob("*.py"), *TEMPLATES.glob("*.html")]:
        used |= set(re.findall(r"""t\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
        used |= set(re.findall(r"""CommitteeError\(\s*["']([a-z_]+\.[a-z_]+)["']""", path.read_text(encoding="utf-8")))
    # keys built from a prefix ("panels.status." + status) are checked through their prefix
    missing = sorted(k for k in used if k not in text.MESSAGES and not k.endswith("."))
    assert missing == []
    catalogues = {lang: i18n.catalogue(lang) for lang in text.LANGUAGES if lang != i18n.SOURCE}
    for key, msgid in text.MESSAGES.items():
        for lang, catalogue in catalogues.items():
            assert catalogue.get(msgid), (lang, key)  # translated in the report's catalogue


def test_unknown_language_falls_back_to_english():
    assert text.text("nav.topics", "xx") == "Topics"
    assert text.text("nav.topics", "es") == "Temas"
    assert (
        text.text("dash.report_due", "es", date="2025-09-11", days=3)
        == "El informe anual vence el 2025-09-11 (quedan 3 días)."
    )
    assert text.text("nav.topics", "pt") == "Temas"
    assert text.text("topics.your_vote", "pt", vote=text.text("vote.no", "pt")) == "Seu voto: Não"
