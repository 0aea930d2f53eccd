"""Server-side SVG charts for the home page: no JavaScript, no CDN, and they work with SQL switched off.

Each function takes plain rows (read from public.db's views by the plugin) and
returns an SVG string; every number is also in a <title> tooltip and a text
label, so the chart reads without colour.
"""

from __future__ import annotations

from html import escape

PALETTE = ("#1b6ca8", "#e07a1f", "#3a9a5b", "#b8336a", "#7a5cc2", "#8c6d31", "#4d4d4d", "#17a2b8")
SERIES_COLOURS = {"speakers": "#1b6ca8", "attendees": "#e07a1f", "committee": "#3a9a5b"}
WIDTH = 720


def _svg(height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nrikit-chart" role="img" aria-label="{escape(label)}" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="system-ui, sans-serif" font-size="12">' + "".join(body) + "</svg>"
    )


def _legend(items: list[tuple[str, str]], y: int) -> list[str]:
    out, x = [], 160
    for name, colour in items:
        out.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{y + 10}">{escape(name)}</text>'
        )
        x += 28 + 8 * len(name)
    return out


def gender_share(rows: list[dict]) -> str:
    """Women as a share of speakers and attendees (and committee), one group of bars per edition.

    rows: gender_share view rows (edition label, population, women_pct; women_pct is None when withheld).
    """
    populations = [p for p in ("speakers", "attendees", "committee") if any(r["population"] == p for r in rows)]
    editions = list(dict.fromkeys(r["label"] for r in rows))
    bar, gap = 16, 14
    height = 40 + len(editions) * (len(populations) * bar + gap) + 30
    plot_x, plot_w = 160, WIDTH - 160 - 60
    body = [
        f'<line x1="{plot_x + plot_w / 2}" y1="20" x2="{plot_x + plot_w / 2}" y2="{height - 30}" '
        f'stroke="#999" stroke-dasharray="4 3"/><text x="{plot_x + plot_w / 2 + 4}" y="16" fill="#666">parity (50%)</text>'
    ]
    y = 28
    for ed in editions:
        body.append(f'<text x="{plot_x - 8}" y="{y + bar}" text-anchor="end" font-weight="bold">{escape(ed)}</text>')
        for pop in populations:
            row = next((r for r in rows if r["label"] == ed and r["population"] == pop), None)
            pct = row["women_pct"] if row else None
            colour = SERIES_COLOURS.get(pop, "#666")
            if pct is None:
                body.append(
                    f'<text x="{plot_x + 4}" y="{y + 12}" fill="#666">{escape(pop)}: withheld (small counts)</text>'
                )
            else:
                w = plot_w * pct / 100
                body.append(
                    f'<rect class="bar" x="{plot_x}" y="{y}" width="{w:.1f}" height="{bar - 3}" fill="{colour}">'
                    f"<title>{escape(ed)}, {escape(pop)}: {pct:.1f}% women</title></rect>"
                    f'<text x="{plot_x + w + 4:.1f}" y="{y + 11}">{pct:.1f}%</text>'
                )
            y += bar
        y += gap
    body += _legend([(p, SERIES_COLOURS.get(p, "#666")) for p in populations], height - 20)
    return _svg(height, "Share of women among speakers and attendees, per edition", body)


def committee_composition(rows: list[dict]) -> str:
    """One stacked bar per edition: committee seats by stakeholder group (committee_balance rows)."""
    editions = list(dict.fromkeys(r["label"] for r in rows))
    groups = list(dict.fromkeys(r["stakeholder_label"] or r["stakeholder"] for r in rows))
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    bar = 26
    height = 30 + len(editions) * (bar + 12) + 40
    plot_x, plot_w = 160, WIDTH - 160 - 20
    body, y = [], 20
    for ed in editions:
        mine = [r for r in rows if r["label"] == ed]
        total = sum(r["seats"] for r in mine) or 1
        body.append(f'<text x="{plot_x - 8}" y="{y + 17}" text-anchor="end" font-weight="bold">{escape(ed)}</text>')
        x = plot_x
        for r in mine:
            g = r["stakeholder_label"] or r["stakeholder"]
            w = plot_w * r["seats"] / total
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colours[g]}" '
                f'stroke="#fff"><title>{escape(ed)}: {escape(g)}, {r["seats"]} of {total} seats</title></rect>'
            )
            if w > 18:
                body.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" fill="#fff">{r["seats"]}</text>'
                )
            x += w
        y += bar + 12
    body += _legend([(g, colours[g]) for g in groups], height - 24)
    return _svg(height, "Organising committee seats by stakeholder group, per edition", body)


def growth(rows: list[dict], metrics: tuple[str, ...]) -> str:
    """Headline figures of each edition side by side, one group of bars per figure (edition_stats rows)."""
    editions = list(dict.fromkeys(r["label"] for r in rows))
    colours = {e: PALETTE[i % len(PALETTE)] for i, e in enumerate(editions)}
    present = [m for m in metrics if any(r["metric"] == m for r in rows)]
    bar, gap = 14, 12
    height = 20 + len(present) * (len(editions) * bar + gap) + 30
    plot_x, plot_w = 210, WIDTH - 210 - 70
    body, y = [], 14
    for m in present:
        values = {r["label"]: r["value"] for r in rows if r["metric"] == m}
        top = max((v for v in values.values() if v is not None), default=0) or 1
        body.append(
            f'<text x="{plot_x - 8}" y="{y + bar}" text-anchor="end" font-weight="bold">{escape(m.replace("_", " "))}</text>'
        )
        for ed in editions:
            v = values.get(ed)
            if v is not None:
                w = plot_w * v / top
                shown = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"
                body.append(
                    f'<rect class="bar" x="{plot_x}" y="{y}" width="{w:.1f}" height="{bar - 3}" fill="{colours[ed]}">'
                    f"<title>{escape(ed)}: {escape(m)} = {shown}</title></rect>"
                    f'<text x="{plot_x + w + 4:.1f}" y="{y + 10}">{shown}</text>'
                )
            y += bar
        y += gap
    body += _legend([(e, colours[e]) for e in editions], height - 20)
    return _svg(height, "Headline figures per edition: growth from one edition to the next", body)
