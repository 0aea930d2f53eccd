"""`nrikit compose`: propose panels with the composer, or check a hand-made draft round."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click


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
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--write", is_flag=True, help="Record the proposal in the decision log and write it as CSVs beside the workspace."
)
@click.option("--db", type=click.Path(dir_okay=False), help="Workspace database (default from the config).")
def compose(config, check_mode, round_, seed, time_limit, as_json, write, db):
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
                        "violations": [v.as_dict() for v in violations],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(f"Round {round_}: {len(pool.drafts[round_])} panels, {len(violations)} violation(s).")
            for v in violations:
                click.echo(f"  {v.subject} [{v.rule}] {v.message}")
                if v.suggestion:
                    click.echo(f"      fix: {v.suggestion}")
        sys.exit(1 if violations else 0)

    seed = seed_of(pipeline.edition, seed)
    limit = time_limit if time_limit is not None else pipeline.edition["panels"]["compose_time_limit"]
    result = run_composer(inst, seed=seed, time_limit=limit, plugins=constraints)
    if as_json:
        click.echo(json.dumps({"candidates": len(inst.candidates), **result.as_dict()}, indent=2, ensure_ascii=False))
    else:
        _print(result, inst)
    if not result.panels:
        sys.exit(1)
    if write:
        _write(pipeline, result, inst, seed)


def _print(result, inst):
    if result.status == "no_solution":
        click.echo(
            "The solver found no panels within the time limit, and did not prove the rules impossible; "
            "raise --time-limit or [panels] compose_time_limit."
        )
        return
    if not result.panels:
        click.echo(f"The rules cannot all hold ({result.status}). Smallest relaxation that makes them feasible:")
        for r in result.relaxations:
            click.echo(f"  {r.subject} [{r.rule}] {r.message}")
            if r.context:
                click.echo(f"      pool: {r.context}")
        return
    gap = "proven optimal" if result.status == "optimal" else f"gap {100 * (result.gap or 0):.2f}%"
    click.echo(
        f"{len(result.panels)} panels from {len(inst.candidates)} candidates: {result.status} ({gap}), "
        f"score {result.score}, {result.seconds:.2f}s, lottery seed {result.seed}."
    )
    people = {c.id: c for c in inst.candidates}
    for s in inst.sessions:
        members = result.panels.get(s.id, [])
        groups = {people[p].stakeholder for p, _ in members}
        click.echo(
            f"  {s.id} ({s.title or s.topic_id}): "
            + ", ".join(f"{p}{'*' if r == 'moderator' else ''} ({people[p].gender})" for p, r in members)
            + f"; {len(groups)} stakeholder groups"
        )
    if result.violations:  # would mean a bug: the proposal is verified against the same rows
        click.echo(f"WARNING: {len(result.violations)} rule(s) broken by the proposal", err=True)


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
