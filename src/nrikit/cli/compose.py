"""`nrikit compose`: propose panels with the composer, or check a hand-made draft round."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from ..i18n import N_, gettext, text_of
from .common import lang_option


@click.command()
@click.argument("config", type=click.Path(dir_okay=False))
@click.option("--check", "check_mode", is_flag=True, help="Check a draft round instead of composing.")
@click.option(
    "--round", "round_", default="final", show_default=True, help="Round to check (draft-1, draft-2, final...)."
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Lottery seed for tie-breaks (default: [panels] lottery_seed, else the year).",
)
@click.option("--time-limit", type=float, default=None, help="Solver seconds (default: [panels] compose_time_limit).")
@click.option(
    "--gap",
    type=click.FloatRange(0.0, 0.5),
    default=None,
    help="Stop within this relative gap of the best possible score, e.g. 0.01 (default: [panels] compose_gap).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--write", is_flag=True, help="Record the proposal in the decision log and write it as CSVs beside the workspace."
)
@click.option("--db", type=click.Path(dir_okay=False), help="Workspace database (default from the config).")
@lang_option
def compose(config, check_mode, round_, seed, time_limit, gap, as_json, write, db, lang):
    """Propose panels that satisfy every [panels] rule, or (--check) list what a draft breaks.

    Runs the call, committee and survey stages first if their inputs changed. Exit status 1 when the
    rules cannot all hold (the smallest relaxation is printed) or when --check finds violations.
    """
    from ..composer import check
    from ..composer import compose as run_composer
    from ..composer.model import Instance
    from ..composer.pool import build_pool, plugin_constraints, seed_of
    from ..errors import StageError
    from .common import load_edition

    pipeline = load_edition(config, db)
    panels_stage = pipeline.stage("panels")
    for stage in pipeline.stages:
        if stage.order < panels_stage.order:
            pipeline.run_stage(stage)
    ctx = pipeline.context("panels")
    pool = build_pool(ctx)
    constraints = plugin_constraints(pipeline.pm)
    inst = pool.instance
    if not check_mode and not inst.sessions:
        raise StageError("nothing to compose: the panels input has no final panels and no topic was approved")

    if check_mode:
        if round_ not in pool.drafts:
            raise StageError(
                f"no round {round_!r} in the panels input; rounds: {', '.join(sorted(pool.drafts)) or 'none'}"
            )
        draft_inst = Instance(pool.rounds[round_], inst.candidates, inst.rules, inst.home_country)
        violations = check(draft_inst, pool.drafts[round_], plugins=constraints)
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "round": round_,
                        "panels": len(pool.drafts[round_]),
                        "violations": [_violation_dict(v, lang) for v in violations],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(
                gettext(
                    lang,
                    N_("Round {round}: {panels} panels, {n} violation(s)."),
                    round=round_,
                    panels=len(pool.drafts[round_]),
                    n=len(violations),
                )
            )
            fix = gettext(lang, N_("fix"))
            for v in violations:
                click.echo(f"  {v.subject} [{v.rule}] {_violation_text(v, lang)}")
                if v.suggestion:
                    click.echo(f"      {fix}: {text_of(lang, v.suggestion)}")
        sys.exit(1 if violations else 0)

    seed = seed_of(pipeline.edition, seed)
    limit = time_limit if time_limit is not None else pipeline.edition["panels"]["compose_time_limit"]
    gap = gap if gap is not None else pipeline.edition["panels"]["compose_gap"]
    result = run_composer(inst, seed=seed, time_limit=limit, mip_gap=gap, plugins=constraints)
    if as_json:
        out = result.as_dict()
        out["relaxations"] = [r.as_dict(lang) for r in result.relaxations]
        out["violations"] = [_violation_dict(v, lang) for v in result.violations]
        click.echo(json.dumps({"candidates": len(inst.candidates), **out}, indent=2, ensure_ascii=False))
    else:
        _print(result, inst, lang)
    if not result.panels:
        sys.exit(1)
    if write:
        _write(pipeline, result, inst, seed)


# the composer's result status, as `nrikit compose` prints it (the JSON keeps the word)
STATUS = {
    "optimal": N_("optimal"),
    "feasible": N_("feasible"),
    "infeasible": N_("infeasible"),
    "no_solution": N_("no solution"),
}


def _violation_text(v, lang: str) -> str:
    return gettext(lang, v.message_id, **v.params) if v.message_id else v.message


def _violation_dict(v, lang: str) -> dict:
    return {**v.as_dict(), "message": _violation_text(v, lang), "suggestion": text_of(lang, v.suggestion)}


def _print(result, inst, lang="en"):
    if result.status == "no_solution":
        click.echo(
            gettext(
                lang,
                N_(
                    "The solver found no panels within the time limit, and did not prove the rules impossible; "
                    "raise --time-limit or [panels] compose_time_limit."
                ),
            )
        )
        return
    if not result.panels:
        click.echo(
            gettext(
                lang,
                N_("The rules cannot all hold ({status}). Smallest relaxation that makes them feasible:"),
                status=gettext(lang, STATUS.get(result.status, result.status)),
            )
        )
        pool = gettext(lang, N_("pool"))
        for r in result.relaxations:
            click.echo(f"  {r.subject} [{r.rule}] {r.text(lang)}")
            if r.context:
                click.echo(f"      {pool}: {r.context_text(lang)}")
        return
    gap = (
        gettext(lang, N_("proven optimal"))
        if result.status == "optimal"
        else gettext(lang, N_("gap {gap}%"), gap=f"{100 * (result.gap or 0):.2f}")
    )
    click.echo(
        gettext(
            lang,
            N_(
                "{panels} panels from {candidates} candidates: {status} ({gap}), score {score}, {seconds}s, lottery seed {seed}."
            ),
            panels=len(result.panels),
            candidates=len(inst.candidates),
            status=gettext(lang, STATUS.get(result.status, result.status)),
            gap=gap,
            score=result.score,
            seconds=f"{result.seconds:.2f}",
            seed=str(result.seed),
        )
    )
    from ..taxonomy import GENDER_TAXONOMY

    people = {c.id: c for c in inst.candidates}
    gender = {g: gettext(lang, GENDER_TAXONOMY.label(g)).lower() for g in {c.gender for c in inst.candidates}}
    for s in inst.sessions:
        members = result.panels.get(s.id, [])
        groups = {people[p].stakeholder for p, _ in members}
        click.echo(
            f"  {s.id} ({s.title or s.topic_id}): "
            + ", ".join(f"{p}{'*' if r == 'moderator' else ''} ({gender[people[p].gender]})" for p, r in members)
            + "; "
            + gettext(lang, N_("{n} stakeholder groups"), n=len(groups))
        )
    if result.violations:  # would mean a bug: the proposal is verified against the same rows
        click.echo(gettext(lang, N_("WARNING: {n} rule(s) broken by the proposal"), n=len(result.violations)), err=True)


def _write(pipeline, result, inst, seed):
    from ..model import Decision

    decision = Decision(
        "panels.composed",
        "edition",
        pipeline.edition.id,
        outcome=f"{len(result.panels)} panels proposed",
        method="composer (HiGHS MILP) with seeded lottery tie-break",
        tally={
            "status": result.status,
            "score": result.score,
            "gap": result.gap,
            "seed": seed,
            "lottery_sha256": result.lottery,
            "candidates": len(inst.candidates),
            "panels": {s: [p for p, _ in m] for s, m in result.panels.items()},
        },
        binding=False,
        rationale=f"proposal for the committee; lottery seed {seed} reproduces it",
    )
    with pipeline.db.atomic():
        pipeline._append_decisions("panels", [decision])
    base = pipeline.edition.workspace
    panels_csv = base.with_name(base.stem + "-proposal-panels.csv")
    people_csv = base.with_name(base.stem + "-proposal-panellists.csv")
    with open(panels_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "topic", "round", "title", "starts", "ends", "room"])
        for s in inst.sessions:
            w.writerow(
                [f"{s.id}-proposal", s.topic_id, "draft-composer", s.title, s.starts or "", s.ends or "", s.room or ""]
            )
    with open(people_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["panel", "person", "role", "remote"])
        for s, members in result.panels.items():
            for p, role in members:
                w.writerow([f"{s}-proposal", p, role, "no"])
    click.echo(f"Wrote {panels_csv} and {people_csv} (round draft-composer) and logged the decision.")


@click.command()
@click.option(
    "--size",
    type=click.Choice(["nri", "global"]),
    default="nri",
    show_default=True,
    help="nri: a few hundred people; global: global-IGF scale (10,000 registrations, 200,000 ballots).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed: the same seed writes the same files.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Directory to write into.")
@click.option(
    "--compose/--no-compose",
    "use_composer",
    default=True,
    show_default=True,
    help="Set [panels] compose = true in the generated config.",
)
@click.option(
    "--survey-layout",
    type=click.Choice(["csv", "limesurvey"]),
    default="csv",
    show_default=True,
    help="csv: one choices column (t01;t07); limesurvey: the same ballots as LimeSurvey's wide export "
    "(one Y/blank column per topic, plus about 2% incomplete responses).",
)
@click.option(
    "--ballots",
    type=click.IntRange(min=1),
    default=None,
    help="Number of survey ballots instead of the size's (2,000 nri, 200,000 global); the same seed draws "
    "the same first ballots.",
)
def generate(size, seed, out_dir, use_composer, survey_layout, ballots):
    """Write a complete synthetic edition (config and CSV inputs), deterministic from the seed."""
    from ..composer.generate import SIZES, generate_edition

    config = generate_edition(
        Path(out_dir), SIZES[size], seed=seed, compose=use_composer, survey_layout=survey_layout, ballots=ballots
    )
    click.echo(f"Wrote {config}")
