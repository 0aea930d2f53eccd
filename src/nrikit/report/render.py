"""Rendering the annual report to Markdown or self-contained HTML with Jinja2 templates.

Both formats escape every value by default: HTML through Jinja's autoescape,
Markdown through a `finalize` hook that escapes each `{{ }}` output (so a
panellist called `<script>` or `*bold*` prints as text). Charts are inline
SVG drawn by the Datasette plugin's chart helpers (no JavaScript, no network),
and the stylesheet, print stylesheet included, is inlined in the page.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = ("md", "html")
# Inline punctuation Markdown acts on anywhere; "[" and "]" escaped means no link or image can form.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# ...and what it acts on at the start of a line (a value may start a paragraph): headings, lists, rules.
_MD_LEADING = re.compile(r"^(\s*)([#=+-])")
_MD_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


class MdSafe(str):
    """Markdown produced by nrikit itself (tables built from escaped cells): not escaped again."""


def md_escape(value, *, cell: bool = False) -> str:
    """Escape text for Markdown: punctuation Markdown acts on, and HTML (Markdown passes raw HTML through)."""
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\s*\n\s*", " ", text)  # a newline in a value would end a table row or a list item
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if cell:  # a table cell never starts a line, so leading "#", "-" or "1." need no escape
        return text
    text = _MD_LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)
    return _MD_NUMBERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def _md_table(header: list, rows: list[list]) -> MdSafe:
    cells = lambda r: "| " + " | ".join(md_escape(c, cell=True) for c in r) + " |"  # noqa: E731
    return MdSafe("\n".join([cells(header), "|" + "---|" * len(header)] + [cells(r) for r in rows]))


@cache
def environment(fmt: str):
    import jinja2

    if fmt == "html":
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
    else:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            finalize=md_escape,
        )
        env.globals["table"] = _md_table
    return env


def chart_labels(t) -> dict:
    """Every word of the charts in the report's language: the charts' own table (charts.LABELS), translated."""
    from ..opendata.datasette_plugin import charts as c

    return c.translated_labels(t.text)


def charts(data, t) -> dict[str, str]:
    """Inline SVG charts, drawn by the public site's chart helpers (datasette_plugin/charts.py)."""
    from markupsafe import Markup

    from ..opendata.datasette_plugin import charts as c

    out = {}
    labels = chart_labels(t)
    metrics = ("sessions", "speakers", "attendees", "committee_members", "sponsors")
    rows = [
        {"label": h["edition"]["label"], "metric": t(f"metric.{m}"), "value": h["stats"].get(m)}
        for h in data.history
        for m in metrics
    ]
    if any(r["value"] is not None for r in rows):
        out["growth"] = c.responsive(c.growth, rows, tuple(t(f"metric.{m}") for m in metrics), labels, t.number)
    if data.history_gender:
        out["gender"] = c.responsive(c.gender_share, data.history_gender, labels, t.number)
    colours = data.group_colours
    if data.history_committee:
        out["committee"] = c.responsive(c.committee_composition, data.history_committee, labels, t.number, colours)
    people = []
    totals = {"committee": "committee_members", "speakers": "speakers", "attendees": "attendees"}
    for population in ("committee", "speakers", "attendees"):
        cells = data.cells(population, "stakeholder")
        shown = [cell for cell in cells if cell["count"]]
        people += [
            {
                "label": t(f"population.{population}"),
                "stakeholder": cell["category"],
                "stakeholder_label": data.groups.get(cell["category"], cell["category"]),
                "seats": cell["count"],
            }
            for cell in shown
        ]
        # Withheld (small) groups still take their share of the bar, as one grey "withheld" segment:
        # leaving them out would stretch the groups that are shown over the whole width.
        total, known = data.stats.get(totals[population]), sum(cell["count"] for cell in shown)
        if shown and any(cell["suppressed"] for cell in cells) and total and total > known:
            people.append(
                {
                    "label": t(f"population.{population}"),
                    "stakeholder": "withheld",
                    "stakeholder_label": t("common.withheld"),
                    "seats": total - known,
                }
            )
    if people:
        out["attendees"] = c.responsive(
            c.committee_composition,
            people,
            {**labels, "committee.title": t("chart.attendees"), "committee.bar": t("chart.people_bar")},
            t.number,
            {**colours, "withheld": c.WITHHELD_COLOUR},
        )
    return {k: Markup(v) for k, v in out.items()}


def context(data, score, t, fmt: str) -> dict:
    e = data.edition
    num = lambda v: "—" if v is None else f"{v:g}" if isinstance(v, (int, float)) else v  # noqa: E731
    group = lambda g: data.groups.get(g, g) if g else t("category.unknown")  # noqa: E731
    present = list(dict.fromkeys(c["stakeholder"] for c in data.committee))
    women, men = data.count("attendees", "gender", "woman"), data.count("attendees", "gender", "man")
    top = data.survey_top
    call_roles = ("committee", "speaker", "participant")
    call_rows = []
    for g in dict.fromkeys(r["stakeholder"] for r in data.call_counts):
        mine = [r for r in data.call_counts if r["stakeholder"] == g]
        call_rows.append(
            [group(g)] + [sum(r["expressions"] for r in mine if r["role_sought"] == role) for role in call_roles]
        )
    totals: dict[str, float] = {}
    for b in data.budget:
        totals[b["currency"] or ""] = totals.get(b["currency"] or "", 0) + (b["amount"] or 0)
    previous = data.previous
    yoy = []
    from .data import HEADLINE

    for m in HEADLINE:
        values = [h["stats"].get(m) for h in data.history]
        if all(v is None for v in values):
            continue
        change = None
        if previous and data.stats.get(m) is not None and previous["stats"].get(m) is not None:
            change = data.stats[m] - previous["stats"][m]
        yoy.append({"metric": m, "values": values, "change": change})
    changes = (
        [
            f"{t(f'yoy.inline.{m}', default=t(f'metric.{m}'))} {previous['stats'][m]:g} → {data.stats[m]:g}"
            for m in ("sessions", "speakers", "attendees")
            if previous and previous["stats"].get(m) is not None and data.stats.get(m) is not None
        ]
        if previous
        else []
    )
    yes_no = lambda v: t("common.yes") if v else t("common.no")  # noqa: E731
    money = lambda v, cur: "—" if v is None else f"{t.number(v)} {cur or ''}".strip()  # noqa: E731

    def demo_rows(population, dimension):
        label = (lambda c: group(c)) if dimension == "stakeholder" else (lambda c: t(f"category.{c}", default=c))
        return [
            [label(c["category"]), t("common.withheld") if c["suppressed"] else t.number(c["count"])]
            for c in data.cells(population, dimension)
        ]

    def indicator_rows(principle):
        return [
            [
                t(f"indicator.{s.indicator.name}", default=s.indicator.title),
                t(f"status.{s.result.status}"),
                s.result.evidence,
            ]
            for s in principle.scores
        ]

    def panellists(p):
        named = [
            f"{x['name']} ({t('role.' + x['role'], default=x['role'])}"
            + (f", {t('table.remote')})" if x["remote"] else ")")
            for x in p["people"]
            if x["name"]
        ]
        unnamed = sum(1 for x in p["people"] if not x["name"])
        return "; ".join(named + ([t("common.others_unnamed", n=unnamed)] if unnamed else []))

    def time_of(p):
        if not p.get("starts"):
            return t("common.not_recorded")
        day, _, hour = p["starts"].partition("T")
        end = (p.get("ends") or "").partition("T")[2]
        return f"{t.date(day)} {hour}" + (f"–{end}" if end else "")

    criteria = data.criteria or {}
    others_metrics = ("sessions", "speakers", "attendees", "committee_stakeholder_groups", "sponsors")
    rows = {
        "committee_rows": [
            [c["organisation"], group(c["stakeholder"]), t(f"role.{c['role']}", default=c["role"]), c["member"] or "—"]
            for c in data.committee
        ],
        "balance_rows": [
            [r["stakeholder_label"] or r["stakeholder"], r["seats"], r["organisations"], t.pct(r["seats_pct"])]
            for r in data.committee_balance
        ],
        "respondents": ", ".join(
            f"{group(c['category'])} {t('common.withheld') if c['suppressed'] else t.number(c['count'])}"
            for c in data.cells("survey_respondents", "stakeholder")
            if c["suppressed"] or c["count"]
        ),
        "topic_rows": [
            [
                x["title"],
                x["rank"] if x["rank"] is not None else "—",
                "—" if x["score"] is None else f"{x['score']:g}",
                yes_no(x["in_survey_top"]),
                t("decision.approved" if x["approved"] else "decision.rejected")
                + (f" ({t('decision.survey')})" if x["decided_by"] == "survey" else ""),
                "—" if x["yes"] is None else f"{x['yes']}/{x['no']}/{x['abstain']}",
            ]
            for x in data.topics
        ],
        "criteria_text": t(
            "part1.criteria",
            min_size=criteria.get("min_size", "?"),
            max_size=criteria.get("max_size", "?"),
            groups=criteria.get("min_stakeholder_groups", "?"),
            gender=t(f"gender_rule.{criteria['gender_rule']}") if criteria.get("gender_rule") else "?",
            expertise=t("part1.criteria_expertise") if criteria.get("require_expertise") else "",
        ),
        "sponsor_rows": [
            [
                s["name"],
                s["role"] or "—",
                yes_no(s["in_kind"]),
                money(s["amount"], s["currency"]),
                yes_no(s["content_role"]),
            ]
            for s in data.sponsors
        ],
        "budget_rows": [[b["item"], money(b["amount"], b["currency"]), b["funded_by"] or "—"] for b in data.budget],
        "agenda_rows": [[time_of(p), p["title"], p["room"] or "—", panellists(p)] for p in data.panels],
        "demo_rows": demo_rows,
        "indicator_rows": indicator_rows,
        "yoy_rows": [
            [t(f"metric.{y['metric']}")]
            + [num(v) for v in y["values"]]
            + ["—" if y["change"] is None else f"{y['change']:+g}"]
            for y in yoy
        ],
        "others_metrics": [t(f"metric.{m}") for m in others_metrics],
        "others_rows": [
            [o["edition"]["label"]] + [num(o["stats"].get(m)) for m in others_metrics] for o in data.others
        ],
    }
    return {
        **rows,
        "t": t,
        "d": data,
        "e": e,
        "score": score,
        "fmt": fmt,
        "group": group,
        "num": num,
        "title": t("title.report", label=e["label"]),
        "dates": t.date_range(e["start_date"], e["end_date"]),
        "attendee_gender": (
            t("intro.gender", men=int(men), women=int(women)) if women is not None and men is not None else ""
        ),
        "missing_groups": [data.groups.get(gid, gid) for gid in data.expected_groups if gid not in present],
        "committee_people": len({c["member"] or c["organisation"] for c in data.committee}),
        "committee_orgs": len({c["organisation"] for c in data.committee}),
        "committee_groups": len(present),
        "adopted_top": len([x for x in top if x["approved"]]),
        "top": top,
        "call_rows": call_rows,
        "call_roles": call_roles,
        "budget_totals": totals,
        "yoy": yoy,
        "changes": changes,
        "findings_by_stage": _group(data.findings, "stage"),
        "charts": charts(data, t) if fmt == "html" else {},
        "css": _css() if fmt == "html" else "",
        "lang": t.lang,
    }


def _css() -> str:
    from markupsafe import Markup

    from ..opendata.datasette_plugin.charts import CHART_CSS

    # nrikit's own stylesheet, not data: autoescaping would turn its quotes into entities
    return Markup((TEMPLATES / "report.css").read_text(encoding="utf-8") + "\n" + CHART_CSS + "\n")


def _group(rows, key):
    out: dict = {}
    for r in rows:
        out.setdefault(r[key], []).append(r)
    return out


def render(data, score, t, fmt: str) -> str:
    if fmt not in FORMATS:
        from ..errors import ConfigError

        raise ConfigError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    template = environment(fmt).get_template(f"report.{fmt}.j2")
    text = template.render(**context(data, score, t, fmt))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
