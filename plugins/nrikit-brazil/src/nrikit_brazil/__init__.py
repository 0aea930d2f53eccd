"""Fórum da Internet no Brasil (FIB), organised by CGI.br and run by NIC.br.

What this plugin changes, and which hook carries each change:

- register_taxonomies: CGI.br's four sectors (setor governamental, setor
  empresarial, terceiro setor, comunidade científica e tecnológica) instead of
  the IGF's five-plus groups. Academia and the technical community are ONE
  sector here; in Peru they are two.
- edition_defaults: a binding selection (the programme is what the evaluation
  selects), all four sectors on the programme committee and on every
  workshop, secretariat appointed (NIC.br runs the forum for CGI.br).
- register_stages: replaces the built-in "survey" stage, for editions naming
  this plugin only: workshop proposals (input `topics`) are scored by the
  programme committee's evaluators (input `scores`), ranked by mean score, and
  the best `[survey] topics_to_select` are selected. No public ballot, no
  committee vote.
- register_rules: seats per sector on the programme committee (settings
  `seats`), every proposal scored by enough evaluators, ties at the cut-off.

Sources and what is illustrative: README.md of this package.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from nrikit import N_, ConfigError, Decision, Finding, Group, Rule, Stage, T, Taxonomy, hookimpl

__version__ = "0.1.0"

BRAZIL_TAXONOMY = Taxonomy(
    "brazil",
    [
        Group(
            "government",
            N_("Government sector"),
            (
                "setor governamental",
                "governo",
                "governamental",
                "government",
                "setor publico",
                "poder publico",
                "gobierno",
            ),
            igf=("government",),
        ),
        Group(
            "business",
            N_("Business sector"),
            (
                "setor empresarial",
                "empresarial",
                "business",
                "private sector",
                "setor privado",
                "empresa",
                "sector privado",
            ),
            igf=("private_sector",),
        ),
        Group(
            "third_sector",
            N_("Third sector"),
            (
                "terceiro setor",
                "third sector",
                "sociedade civil",
                "civil society",
                "ong",
                "sociedad civil",
                "organizacao da sociedade civil",
            ),
            igf=("civil_society",),
        ),
        Group(
            "scientific_technological",
            N_("Scientific and technological community"),
            (
                "comunidade cientifica e tecnologica",
                "comunidade cientifica",
                "comunidade tecnica",
                "academia",
                "universidade",
                "technical community",
                "scientific and technological community",
                "comunidad tecnica",
                "academic",
            ),
            # CGI.br's one sector holds both the IGF's technical community and its academia
            igf=("technical_community", "academia"),
        ),
    ],
    "CGI.br's four sectors, which FIB workshops and its programme committee draw on.",
)

SECTORS = BRAZIL_TAXONOMY.ids
# Illustrative: the public calls do not give the committee's size; two seats per sector.
DEFAULT_SEATS = dict.fromkeys(SECTORS, 2)
DEFAULTS = {"score_min": 1, "score_max": 5, "min_evaluators": 2}  # illustrative scale and coverage


def settings_of(plugins: dict) -> dict:
    """The [plugins.brazil] settings with defaults filled in, validated."""
    raw = dict(plugins.get("brazil") or {})
    unknown = set(raw) - {"seats", *DEFAULTS}
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(sorted(unknown))}; known: seats, {', '.join(DEFAULTS)}",
            key="plugins.brazil",
        )
    seats = raw.get("seats", DEFAULT_SEATS)
    if not isinstance(seats, dict):
        raise ConfigError("expected a table {sector = seats}", key="plugins.brazil.seats")
    for sector, count in seats.items():
        if sector not in SECTORS:
            raise ConfigError(f"unknown sector {sector!r}; sectors: {', '.join(SECTORS)}", key="plugins.brazil.seats")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ConfigError(f"{sector}: expected a whole number of seats, got {count!r}", key="plugins.brazil.seats")
    out = {key: raw.get(key, default) for key, default in DEFAULTS.items()}
    for key, value in out.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"expected a number, got {value!r}", key=f"plugins.brazil.{key}")
    if out["score_max"] <= out["score_min"]:
        raise ConfigError("score_max must be above score_min", key="plugins.brazil.score_max")
    out["seats"] = {sector: seats.get(sector, 0) for sector in SECTORS}
    return out


def _uses_brazil(ctx) -> bool:
    return "brazil" in ctx.edition.plugins


@hookimpl
def register_taxonomies(register):
    register(BRAZIL_TAXONOMY)


@hookimpl
def register_catalogues(register):
    # locales/<lang>/LC_MESSAGES/nrikit_brazil.po: the sectors' names and this plugin's messages
    register(Path(__file__).parent / "locales", "nrikit_brazil")


@hookimpl
def edition_defaults(nri, year, settings):
    if "brazil" not in settings:
        return None  # only editions that name this plugin get its rules
    settings_of(settings)  # fail at load, not half-way through a run
    return {
        "stakeholders": {"taxonomy": "brazil"},
        "committee": {"min_stakeholder_groups": 4, "secretariat_method": "appointed"},
        "survey": {"binding": True},
        "panels": {"min_stakeholder_groups": 4, "min_size": 4},
    }


# --- the "survey" stage, FIB-style: proposals scored by evaluators ------------------------------


def load(ctx):
    # Imported when the stage runs: loading the plugin (`nrikit --help`) then costs no stage module.
    from nrikit.stages.survey import read_topics

    cfg = settings_of(ctx.edition.plugins)
    proposals = read_topics(ctx, what="proposal")
    s = ctx.read("scores", required=("topic", "evaluator", "score"))
    evaluators = ctx.ids("committee_members", "person_id")
    scores = {}
    for rec in s or ():
        proposal = s.ref(rec, "topic", proposals, "proposal")
        evaluator = s.ref(rec, "evaluator", evaluators, "programme committee member")
        score = s.number(rec, "score")
        if score is None:
            raise s.error(rec, "score", "empty value in a required field")
        if not cfg["score_min"] <= score <= cfg["score_max"]:
            raise s.error(
                rec,
                "score",
                f"score {score:g} is outside {cfg['score_min']:g}-{cfg['score_max']:g}",
                "set [plugins.brazil] score_min and score_max to the scale the evaluators used",
            )
        if (proposal, evaluator) in scores:
            raise s.error(rec, "evaluator", f"{evaluator} scores {proposal} twice")
        scores[(proposal, evaluator)] = score
    return proposals, scores, len(evaluators)


def ranking(scores: dict) -> tuple[dict[str, float], dict[str, int]]:
    """Mean score per proposal, and its competition rank (ties share the better rank: 1, 2, 2, 4)."""
    by_proposal = defaultdict(list)
    for (proposal, _), score in scores.items():
        by_proposal[proposal].append(score)
    means = {p: round(sum(v) / len(v), 4) for p, v in by_proposal.items()}
    first_place: dict[float, int] = {}
    for place, mean in enumerate(sorted(means.values(), reverse=True), 1):
        first_place.setdefault(mean, place)
    return means, {p: first_place[m] for p, m in means.items()}


def select(means: dict, ranks: dict, n: int) -> tuple[list[str], list[str]]:
    """(selected, tied at the cut-off): a tie straddling place n selects none of the tied."""
    sharing = Counter(means.values())
    selected, tied = [], []
    for proposal in sorted(means, key=lambda p: (ranks[p], p)):
        last_place = ranks[proposal] - 1 + sharing[means[proposal]]
        if last_place <= n:
            selected.append(proposal)
        elif ranks[proposal] <= n:
            tied.append(proposal)
    return selected, tied


def write(ctx, data):
    proposals, scores, members = data
    n = ctx.edition["survey"]["topics_to_select"]
    ctx.db["topics"].insert_all(proposals.values())
    ctx.db["topic_scores"].insert_all({"topic_id": p, "evaluator_id": e, "score": s} for (p, e), s in scores.items())
    if not proposals:
        return
    means, ranks = ranking(scores)
    selected, tied = select(means, ranks, n)
    evaluated = defaultdict(int)
    for proposal, _ in scores:
        evaluated[proposal] += 1
    ctx.db["survey_tally"].insert_all(
        {
            "topic_id": p,
            "method": "mean_score",
            "score": means.get(p),
            "rank": ranks.get(p),
            "in_survey_top": int(p in selected),
        }
        for p in proposals
    )
    ctx.decide(
        Decision(
            "survey.counted",
            "survey",
            ctx.edition.id,
            outcome=", ".join(selected) or "-",
            method="mean_score",
            binding=True,
            tally={"evaluators": len({e for _, e in scores}), "scores": means, "tied_at_cutoff": tied},
            rationale=f"the {n} workshop proposals with the highest mean score are selected",
        )
    )
    decisions = []
    for p in proposals:
        approved = p in selected
        decisions.append(
            {
                "topic_id": p,
                "approved": int(approved),
                "decided_by": "mean_score",
                "yes": None,
                "no": None,
                "abstain": None,
                "members": members,
            }
        )
        if p in means:
            why = f"mean score {means[p]:g} from {evaluated[p]} evaluator(s), rank {ranks[p]}"
            if p in tied:
                why += f", tied at the cut-off of {n}"
        else:
            why = "not scored"
        ctx.decide(
            Decision(
                "topic.approved" if approved else "topic.rejected",
                "topic",
                p,
                outcome="approved" if approved else "rejected",
                method="mean_score",
                binding=True,
                tally={"mean": means.get(p), "rank": ranks.get(p), "evaluators": evaluated[p]},
                rationale=why,
            )
        )
    ctx.db["topic_decisions"].insert_all(decisions)


def summary(ctx) -> str:
    rows = ctx.rows(
        "SELECT t.id, t.title, s.score, s.rank, d.approved, "
        "(SELECT count(*) FROM topic_scores ts WHERE ts.topic_id = t.id) AS evaluators "
        "FROM topics t LEFT JOIN survey_tally s ON s.topic_id = t.id "
        "LEFT JOIN topic_decisions d ON d.topic_id = t.id ORDER BY s.rank IS NULL, s.rank, t.id"
    )
    n = ctx.edition["survey"]["topics_to_select"]
    lines = [
        f"Workshop proposals: {len(rows)}, scored by the programme committee; the {n} with the highest "
        "mean score are selected (binding).",
        "",
        "| Rank | Proposal | Mean score | Evaluators | Selected |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        score = f"{r['score']:.2f}" if r["score"] is not None else ""
        lines.append(
            f"| {r['rank'] or ''} | {r['title']} | {score} | {r['evaluators']} | {'yes' if r['approved'] else 'no'} |"
        )
    return "\n".join(lines)


@hookimpl
def register_stages(register):
    register(
        Stage(
            "survey",
            30,
            "Workshop proposals scored by the programme committee (FIB)",
            ("topics", "scores"),
            load,
            write,
            summary,
        )
    )


# --- rules --------------------------------------------------------------------------------------


def check_seats(ctx):
    seats = settings_of(ctx.edition.plugins)["seats"]
    held = defaultdict(set)
    for r in ctx.rows("SELECT person_id, stakeholder FROM committee_members"):
        held[r["stakeholder"]].add(r["person_id"])
    for sector in SECTORS:
        label, have, want = ctx.taxonomy.label(sector), len(held.get(sector, ())), seats[sector]
        if have < want:
            yield Finding(
                "brazil_committee_seats",
                "warning",
                f"stakeholder:{sector}",
                N_("{sector} holds {have} of its {want} seats on the programme committee"),
                N_("fill the vacant seat(s) of {sector_lower}, so every sector weighs as the CGI.br model intends"),
                {"sector": T(label), "sector_lower": T(label, lower=True), "have": have, "want": want},
            )
        elif have > want:
            yield Finding(
                "brazil_committee_seats",
                "error",
                f"stakeholder:{sector}",
                N_("{sector} has {have} members on the programme committee, more than its {want} seats"),
                N_("each sector holds a fixed number of seats; set [plugins.brazil] seats if they changed"),
                {"sector": T(label), "have": have, "want": want},
            )


def check_scores(ctx):
    minimum = settings_of(ctx.edition.plugins)["min_evaluators"]
    for r in ctx.rows(
        "SELECT t.id, t.title, count(ts.evaluator_id) AS n FROM topics t "
        "LEFT JOIN topic_scores ts ON ts.topic_id = t.id GROUP BY t.id ORDER BY t.id"
    ):
        if r["n"] < minimum:
            yield Finding(
                "brazil_scores",
                "error" if r["n"] == 0 else "warning",
                f"topic:{r['id']}",
                N_("proposal {proposal} was scored by {n} evaluator(s), fewer than {minimum}"),
                N_("every proposal needs enough independent scores before the selection is published"),
                {"proposal": r["title"] or r["id"], "n": r["n"], "minimum": minimum},
            )


def check_ties(ctx):
    # A proposal ranked within the cut that was not selected tied with others across it.
    n = ctx.edition["survey"]["topics_to_select"]
    tied = [
        r["topic_id"]
        for r in ctx.rows(
            "SELECT s.topic_id FROM survey_tally s JOIN topic_decisions d ON d.topic_id = s.topic_id "
            "WHERE s.rank <= ? AND NOT d.approved ORDER BY s.rank, s.topic_id",
            [n],
        )
    ]
    if tied:
        yield Finding(
            "brazil_score_tie",
            "warning",
            "topics",
            N_("proposals {proposals} tie at the cut-off of {n}, so none of them was selected"),
            N_("the committee breaks the tie publicly and records how in the decision log"),
            {"proposals": tied, "n": n},
        )


@hookimpl
def register_rules(register):
    register(
        Rule(
            "brazil_committee_seats",
            "committee",
            "FIB: each sector holds its seats on the programme committee.",
            check_seats,
        )
    )
    register(
        Rule(
            "brazil_scores",
            "survey",
            "FIB: every workshop proposal is scored by [plugins.brazil] min_evaluators evaluators.",
            check_scores,
        )
    )
    register(Rule("brazil_score_tie", "survey", "FIB: no tie at the selection cut-off is left unresolved.", check_ties))
