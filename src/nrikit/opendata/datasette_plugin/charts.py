"""Server-side SVG charts for the home page and the annual report: no JavaScript, no CDN, and they work
with SQL switched off.

Each function takes plain rows (read from public.db's views) and returns an SVG string; every
number is also in a <title> tooltip and a text label, so the chart reads without colour. Every
word a chart shows comes from `labels` (English by default): the report passes its own language's
labels and number format, so a chart never needs patching after it is drawn. The module imports
nothing but the standard library, so `nrikit deploy-dir` can copy the plugin on its own.

Legends wrap onto as many lines as they need and the SVG grows to hold them; a long name
(an edition, a group) is shortened to fit its column, with the full name in the <title> tooltip.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

# Okabe & Ito's colour-blind safe palette (https://jfly.uni-koeln.de/color/), as used by the IGF
# stakeholder groups below; series and editions take the same colours in order.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PALETTE = OKABE_ITO
SERIES_COLOURS = {"speakers": "#0072B2", "attendees": "#E69F00", "committee": "#009E73"}
WITHHELD_COLOUR = "#BBBBBB"  # the share of groups too small to publish: grey, never a group's colour
WIDTH = 720
# Average glyph widths at 12 px, for layout: generous, sized for DejaVu Sans (what system-ui falls back
# to on a bare Linux), one of the widest common faces, so that a name never overflows its column.
CHAR = 7.6
CHAR_BOLD = 8.6


def N_(msgid: str) -> str:
    """Marks a chart word for `pybabel extract` (nrikit's catalogues translate it); this module stays
    self-contained, so it has its own marker rather than nrikit.i18n's."""
    return msgid


# Every word a chart shows, as the English msgid nrikit's catalogues translate. The one table of chart
# words: the report and the public site both pass `{key: translate(msgid)}` of it as `labels`.
LABELS = {
    "gender.title": N_("Share of women, per edition"),
    "gender.parity": N_("parity (50%)"),
    "gender.bar": N_("{edition}, {population}: {pct} women"),
    "gender.withheld": N_("{population}: withheld (small counts)"),
    "population.speakers": N_("speakers"),
    "population.attendees": N_("attendees"),
    "population.committee": N_("committee members"),
    "committee.title": N_("Committee seats by stakeholder group, per edition"),
    "committee.bar": N_("{edition}: {group}, {seats} of {total} seats"),
    "growth.title": N_("Headline figures per edition"),
    "growth.bar": N_("{edition}: {metric} = {value}"),
    "na": N_("n/a"),
    "na.title": N_("{edition}: {metric} not recorded"),
    # the growth chart's figures (edition_stats metrics)
    "metric.attendees": N_("Attendees"),
    "metric.registrations": N_("Registrations"),
    "metric.speakers": N_("Invited speakers"),
    "metric.sessions": N_("Thematic panels"),
    "metric.survey_ballots": N_("Survey ballots"),
    "metric.expressions_of_interest": N_("Expressions of interest"),
    "metric.committee_members": N_("Committee members"),
    "metric.committee_stakeholder_groups": N_("Stakeholder groups on the committee"),
    "metric.sponsors": N_("Sponsors"),
}


def translated_labels(translate: Callable[[str], str]) -> dict:
    """LABELS in a reader's language: `translate(msgid)` of each (nrikit.i18n.translate, the report's t.text)."""
    return {key: translate(msgid) for key, msgid in LABELS.items()}


def _number(v, digits: int | None = None) -> str:
    if digits is not None:
        return f"{v:,.{digits}f}"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _label(labels: dict | None, key: str, **params) -> str:
    text = (labels or {}).get(key) or LABELS[key]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return LABELS[key].format(**params)


def short(text: str, width: float, bold: bool = False) -> tuple[str, bool]:
    """`text` cut to fit `width` px, with an ellipsis; True when it was cut."""
    fit = max(int(width // (CHAR_BOLD if bold else CHAR)), 4)
    return (text, False) if len(text) <= fit else (text[: fit - 1].rstrip() + "…", True)


def _name(text: str, x: float, y: float, width: float, **attrs) -> str:
    """A label that never overflows `width`: shortened, with the whole name in a <title>."""
    shown, cut = short(text, width, bold=attrs.get("font_weight") == "bold")
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    title = f"<title>{escape(text)}</title>" if cut else ""
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{title}{escape(shown)}</text>'


def _label_column(width: int, wide: int) -> int:
    """Width of the names' column: as designed at full width, narrower on a phone (names shorten)."""
    return wide if width >= 600 else max(90, int(width * 0.32))


NARROW = 300  # a 360 px phone screen less the page's margins and padding


def responsive(draw: Callable, *args, **kwargs) -> str:
    """The chart twice, at full width and at phone width, one shown per screen size by CSS
    (`.nrikit-wide` / `.nrikit-narrow`, see CHART_CSS): an SVG scaled down to a phone would shrink
    its 12 px text to 6 px, so the narrow one is laid out again at 1:1 with shorter names."""
    return (
        f'<div class="nrikit-wide">{draw(*args, **kwargs)}</div>'
        f'<div class="nrikit-narrow">{draw(*args, **kwargs, width=NARROW)}</div>'
    )


CHART_CSS = (
    ".nrikit-chart { max-width: 100%; height: auto; } .nrikit-narrow { display: none; } "
    "@media (max-width: 600px) { .nrikit-wide { display: none; } .nrikit-narrow { display: block; } }"
)


def _svg(height: float, label: str, body: list[str], width: int = WIDTH) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nrikit-chart" role="img" aria-label="{escape(label)}" '
        f'width="{width}" height="{height:.0f}" viewBox="0 0 {width} {height:.0f}" '
        f'preserveAspectRatio="xMinYMin meet" font-family="system-ui, sans-serif" font-size="12">'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>"
    )


def legend(
    items: list[tuple[str, str]], y: float, x0: float = 10, width: float = WIDTH - 20
) -> tuple[list[str], float]:
    """Swatches and names, wrapped onto new lines so that none passes `width`; returns (svg, height)."""
    out, x, line = [], x0, 0
    for name, colour in items:
        shown, cut = short(name, width - 20)
        step = 16 + CHAR * len(shown) + 14
        if x > x0 and x + step > x0 + width:
            x, line = x0, line + 1
        top = y + line * 18
        title = f"<title>{escape(name)}</title>" if cut else ""
        out.append(
            f'<g class="legend-item"><rect x="{x:.1f}" y="{top:.1f}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16:.1f}" y="{top + 10:.1f}">{title}{escape(shown)}</text></g>'
        )
        x += step
    return out, (line + 1) * 18 if items else 0


def gender_share(rows: list[dict], labels: dict | None = None, number: Callable = _number, width: int = WIDTH) -> str:
    """Women as a share of speakers and attendees (and committee), one group of bars per edition.

    rows: gender_share view rows (edition label, population, women_pct; women_pct is None when withheld).
    """
    populations = [p for p in ("speakers", "attendees", "committee") if any(r["population"] == p for r in rows)]
    pop_name = {p: _label(labels, f"population.{p}") for p in populations}
    editions = list(dict.fromkeys(r["label"] for r in rows))
    bar, gap = 16, 14
    plot_x = _label_column(width, 160)
    plot_w = width - plot_x - 60
    top = 28
    plot_h = len(editions) * (len(populations) * bar + gap)
    items = [(pop_name[p], SERIES_COLOURS.get(p, "#666")) for p in populations]
    keys, keys_h = legend(items, top + plot_h + 8, width=width - 20)
    height = top + plot_h + 8 + keys_h + 4
    mid = plot_x + plot_w / 2
    body = [
        f'<line x1="{mid}" y1="20" x2="{mid}" y2="{top + plot_h:.0f}" stroke="#595959" stroke-dasharray="4 3"/>'
        f'<text x="{mid + 4}" y="16" fill="#595959">{escape(_label(labels, "gender.parity"))}</text>'
    ]
    y = top
    for ed in editions:
        body.append(_name(ed, plot_x - 8, y + bar, plot_x - 16, text_anchor="end", font_weight="bold"))
        for pop in populations:
            row = next((r for r in rows if r["label"] == ed and r["population"] == pop), None)
            pct = row["women_pct"] if row else None
            colour = SERIES_COLOURS.get(pop, "#666")
            if pct is None:
                text = _label(labels, "gender.withheld", population=pop_name[pop])
                body.append(_name(text, plot_x + 4, y + 12, plot_w, fill="#595959"))
            else:
                w = plot_w * pct / 100
                shown = number(pct, 1) + "%"
                tip = _label(labels, "gender.bar", edition=ed, population=pop_name[pop], pct=shown)
                body.append(
                    f'<rect class="bar" x="{plot_x}" y="{y}" width="{w:.1f}" height="{bar - 3}" fill="{colour}">'
                    f"<title>{escape(tip)}</title></rect>"
                    f'<text x="{plot_x + w + 4:.1f}" y="{y + 11}">{escape(shown)}</text>'
                )
            y += bar
        y += gap
    return _svg(height, _label(labels, "gender.title"), body + keys, width)


def committee_composition(
    rows: list[dict],
    labels: dict | None = None,
    number: Callable = _number,
    colours: dict | None = None,
    width: int = WIDTH,
) -> str:
    """One stacked bar per edition: seats by stakeholder group (committee_balance rows).

    `colours` maps a row's `stakeholder` id to its colour (one colour per IGF group everywhere);
    groups without one take the palette in order.
    """
    editions = list(dict.fromkeys(r["label"] for r in rows))
    groups = list(dict.fromkeys(r["stakeholder"] for r in rows))
    names = {r["stakeholder"]: r["stakeholder_label"] or r["stakeholder"] for r in rows}
    spare = iter(c for c in PALETTE if c not in (colours or {}).values())
    colour = {g: (colours or {}).get(g) or next(spare, "#595959") for g in groups}
    bar = 26
    plot_x = _label_column(width, 160)
    plot_w = width - plot_x - 20
    plot_h = len(editions) * (bar + 12)
    keys, keys_h = legend([(names[g], colour[g]) for g in groups], 20 + plot_h + 8, width=width - 20)
    height = 20 + plot_h + 8 + keys_h + 4
    body, y = [], 20
    for ed in editions:
        mine = [r for r in rows if r["label"] == ed]
        total = sum(r["seats"] for r in mine) or 1
        body.append(_name(ed, plot_x - 8, y + 17, plot_x - 16, text_anchor="end", font_weight="bold"))
        x = plot_x
        for r in mine:
            g = r["stakeholder"]
            w = plot_w * r["seats"] / total
            tip = _label(
                labels, "committee.bar", edition=ed, group=names[g], seats=number(r["seats"]), total=number(total)
            )
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour[g]}" '
                f'stroke="#fff"><title>{escape(tip)}</title></rect>'
            )
            if w > 18:
                # white on the darker palette colours, black on the light ones (contrast >= 4.5:1)
                ink = "#fff" if colour[g] in ("#0072B2", "#D55E00", "#000000", "#595959") else "#000"
                body.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" fill="{ink}">{number(r["seats"])}</text>'
                )
            x += w
        y += bar + 12
    return _svg(height, _label(labels, "committee.title"), body + keys, width)


def growth(
    rows: list[dict],
    metrics: tuple[str, ...],
    labels: dict | None = None,
    number: Callable = _number,
    width: int = WIDTH,
) -> str:
    """Headline figures of each edition side by side, one group of bars per figure (edition_stats rows).

    `metrics` are row["metric"] values in display order; an edition without a figure shows "n/a", never 0.
    """
    editions = list(dict.fromkeys(r["label"] for r in rows))
    colours = {e: PALETTE[i % len(PALETTE)] for i, e in enumerate(editions)}
    present = [m for m in metrics if any(r["metric"] == m and r["value"] is not None for r in rows)]
    bar, gap = 14, 12
    plot_x = _label_column(width, 210)
    plot_w = width - plot_x - 70
    plot_h = len(present) * (len(editions) * bar + gap)
    keys, keys_h = legend([(e, colours[e]) for e in editions], 14 + plot_h + 8, width=width - 20)
    height = 14 + plot_h + 8 + keys_h + 4
    body, y = [], 14
    for m in present:
        values = {r["label"]: r["value"] for r in rows if r["metric"] == m}
        top = max((v for v in values.values() if v is not None), default=0) or 1
        name = _label(labels, f"metric.{m}") if f"metric.{m}" in LABELS else m.replace("_", " ")
        body.append(_name(name, plot_x - 8, y + bar, plot_x - 16, text_anchor="end", font_weight="bold"))
        for ed in editions:
            v = values.get(ed)
            if v is None:
                tip = _label(labels, "na.title", edition=ed, metric=name)
                body.append(
                    f'<text x="{plot_x + 4}" y="{y + 10}" fill="#595959" class="na"><title>{escape(tip)}</title>'
                    f"{escape(_label(labels, 'na'))}</text>"
                )
            else:
                w = plot_w * v / top
                shown = number(v)
                tip = _label(labels, "growth.bar", edition=ed, metric=name, value=shown)
                body.append(
                    f'<rect class="bar" x="{plot_x}" y="{y}" width="{w:.1f}" height="{bar - 3}" fill="{colours[ed]}">'
                    f"<title>{escape(tip)}</title></rect>"
                    f'<text x="{plot_x + w + 4:.1f}" y="{y + 10}">{escape(shown)}</text>'
                )
            y += bar
        y += gap
    return _svg(height, _label(labels, "growth.title"), body + keys, width)
