"""The annual report's messages: key -> English source text, marked for extraction.

Templates and code ask for a message by key (`t("intro.summary", label=...)`); the English text
is the gettext msgid that `locales/<lang>/LC_MESSAGES/nrikit.po` translates. Keys keep the
templates readable and let several keys share one English text (and so one translation).
"""

from __future__ import annotations

from ..i18n import N_

MESSAGES = {
    "common.withheld": N_("withheld"),
    "common.not_recorded": N_("not recorded"),
    "common.yes": N_("yes"),
    "common.no": N_("no"),
    "common.none": N_("none"),
    "common.total": N_("Total"),
    "common.others_unnamed": N_("{n} not named (no consent to publish)"),
    "title.report": N_("{label}: annual report"),
    "title.subtitle": N_("Report to the IGF Secretariat on the preparatory process, the event and its outcomes"),
    "header.initiative": N_("Initiative"),
    "header.kind": N_("Kind"),
    "header.edition": N_("Edition"),
    "header.dates": N_("Dates"),
    "header.venue": N_("Venue"),
    "header.coordinator": N_("Coordinator (focal point)"),
    "header.country": N_("Country"),
    "header.generated": N_(
        "Prepared with nrikit from the edition's published open data. Counts below the privacy threshold (k = {k}) are shown as “withheld”; people are named only when they hold a public role and consented."
    ),
    "kind.national": N_("national initiative"),
    "kind.regional": N_("regional initiative"),
    "kind.subregional": N_("subregional initiative"),
    "kind.youth": N_("youth initiative"),
    "intro.heading": N_("Introduction"),
    "intro.summary": N_(
        "{label} was held on {dates} in {city}. It had {sessions} thematic panels, {speakers} invited speakers and a total attendance of {attendees} people{gender}."
    ),
    "intro.summary_registrations": N_(
        "{label} was held on {dates} in {city}. It had {sessions} thematic panels, {speakers} invited speakers and {registrations} registrations (who attended was not recorded)."
    ),
    "intro.gender": N_(", of whom {men} were men and {women} women"),
    "intro.sponsors": N_("Its {n} sponsors were {names}."),
    "intro.sponsors_one": N_("Its sponsor was {names}."),
    "intro.no_sponsors": N_("It had no sponsors."),
    "intro.scope": N_(
        "Part 1 describes the preparatory process and Part 2 the event and its outcomes. A scorecard then measures the edition against the IGF's core principles (open and transparent, inclusive, bottom-up, multistakeholder, non-commercial), and the last section compares it with earlier editions."
    ),
    "part1.ranking_text": N_("Candidate topics were ranked by {method}; no public survey ballots are recorded."),
    "part1.ranking_binding": N_("The ranking was binding: the programme took its {n} highest-ranked topics."),
    "part1.heading": N_("Part 1: The preparatory process"),
    "part1.call": N_("The open call"),
    "part1.call_text": N_(
        "The call for expressions of interest opened on {opened} with a deadline of {deadline}, announced through {channels}. It received {expressions} expressions of interest, {on_time} of them by the deadline."
    ),
    "part1.call_none": N_("No open call is recorded for this edition."),
    "part1.call_table": N_("Responses by stakeholder group and role sought"),
    "part1.committee": N_("The organising committee"),
    "part1.committee_text": N_(
        "The committee had {members} members representing {organisations} organisations from {groups} stakeholder groups."
    ),
    "part1.committee_missing": N_("Not represented on the committee: {missing}."),
    "part1.committee_all": N_("Every stakeholder group was represented on the committee."),
    "part1.committee_gender": N_("Members by gender: {women} women, {men} men."),
    "part1.committee_gender_withheld": N_(
        "The committee's gender figures are withheld (fewer people than the privacy threshold)."
    ),
    "part1.secretariat": N_("{organisations} held the secretariat, chosen {method}."),
    "part1.secretariat_none": N_("No secretariat is recorded."),
    "part1.topics": N_("The topic consultation"),
    "part1.survey_text": N_("A public survey of candidate topics received {ballots} ballots, counted by {method}."),
    "part1.survey_respondents": N_("Respondents by stakeholder group: {groups}."),
    "part1.survey_binding": N_("The survey was binding: the programme took its {n} most preferred topics."),
    "part1.survey_advisory": N_(
        "The survey was advisory: the committee took the final decision by {method}, adopting {adopted} of the survey's {top} most preferred topics."
    ),
    "part1.survey_none": N_("No public topic survey is recorded."),
    "part1.topics_table": N_("Candidate topics"),
    "part1.panels": N_("Panel selection"),
    "part1.criteria": N_(
        "Criteria: panels of {min_size} to {max_size} panellists, drawing on at least {groups} stakeholder groups, gender rule “{gender}”{expertise}."
    ),
    "gender_rule.none": N_("none"),
    "gender_rule.mixed": N_("mixed"),
    "gender_rule.parity": N_("parity"),
    "part1.criteria_expertise": N_(", every speaker an expert on the panel's topic"),
    "part1.drafts": N_(
        "The committee went through {rounds} draft round(s) with {panels} draft panels before agreeing the final {final}."
    ),
    "part1.no_drafts": N_("No draft rounds are recorded before the final panels."),
    "part1.findings": N_("Findings along the way"),
    "part1.findings_text": N_("nrikit checked every stage against the edition's rules and the IGF principles:"),
    "part1.no_findings": N_("nrikit recorded no findings."),
    "part1.funding": N_("Funding and sponsors"),
    "part1.budget": N_("Budget"),
    "part1.budget_total": N_("Total in {currency}: {amount}"),
    "part1.no_budget": N_("No budget lines are recorded."),
    "part2.heading": N_("Part 2: The event and its outcomes"),
    "part2.agenda": N_("Agenda"),
    "part2.speakers": N_("Speakers"),
    "part2.speakers_text": N_("{speakers} invited speakers took part in the final panels."),
    "part2.international": N_("International and remote participation"),
    "part2.international_text": N_(
        "{international} speakers came from outside the host country; {remote} took part remotely."
    ),
    "part2.remote_offered": N_("Remote participation was offered."),
    "part2.remote_not_offered": N_("Remote participation was not offered."),
    "part2.attendance": N_("Attendance"),
    "part2.attendance_text": N_("{attendees} people attended ({registrations} registered)."),
    "part2.registrations_only_text": N_(
        "{registrations} people registered; who attended was not recorded, so there are no attendance figures."
    ),
    "part2.streaming": N_("Streaming"),
    "part2.streamed": N_("The event was streamed online, so it could be followed from anywhere."),
    "part2.not_streamed": N_("The event was not streamed."),
    "part2.outcomes": N_("Session outcomes"),
    "part2.outcomes_text": N_(
        "The rapporteurs reported on {n} of the {sessions} sessions, in the IGF's workshop report template."
    ),
    "part2.outcomes_people": N_("Moderator: {moderator}. Rapporteur: {rapporteur}. Report received: {submitted}."),
    "outcomes.key_issues": N_("Key issues raised"),
    "outcomes.summary": N_("Summary of the discussion"),
    "outcomes.way_forward": N_("Way forward"),
    "common.not_named": N_("not named"),
    "part2.no_outcomes": N_(
        "No session reports are recorded: add the rapporteurs' reports as [inputs] session_reports "
        "(the IGF's workshop report template), each due two weeks after its session."
    ),
    "table.stakeholder": N_("Stakeholder group"),
    "table.organisation": N_("Organisation"),
    "table.role": N_("Role"),
    "table.member": N_("Member"),
    "table.seats": N_("Seats"),
    "table.share": N_("Share"),
    "table.committee": N_("Committee"),
    "table.speaker": N_("Speaker"),
    "table.participant": N_("Participant"),
    "table.organisations": N_("Organisations"),
    "table.topic": N_("Topic"),
    "table.rank": N_("Survey rank"),
    "table.score": N_("Score"),
    "table.survey_top": N_("Survey top"),
    "table.decision": N_("Decision"),
    "table.votes": N_("Votes (yes/no/abstain)"),
    "table.sponsor": N_("Sponsor"),
    "table.contribution": N_("Contribution"),
    "table.in_kind": N_("In kind"),
    "table.amount": N_("Amount"),
    "table.content_role": N_("Say on content"),
    "table.item": N_("Item"),
    "table.funded_by": N_("Funded by"),
    "table.time": N_("Time"),
    "table.session": N_("Session"),
    "table.room": N_("Room"),
    "table.panellists": N_("Panellists"),
    "table.category": N_("Category"),
    "table.count": N_("Count"),
    "table.metric": N_("Figure"),
    "table.change": N_("Change"),
    "table.severity": N_("Severity"),
    "table.stage": N_("Stage"),
    "table.finding": N_("Finding"),
    "table.indicator": N_("Indicator"),
    "table.status": N_("Status"),
    "table.evidence": N_("Evidence"),
    "table.remote": N_("remote"),
    "table.edition": N_("Edition"),
    "decision.approved": N_("approved"),
    "decision.rejected": N_("not adopted"),
    "decision.survey": N_("by the survey"),
    "role.secretariat": N_("secretariat"),
    "role.coordinator": N_("coordinator"),
    "role.member": N_("member"),
    "role.moderator": N_("moderator"),
    "role.speaker": N_("speaker"),
    "role.online_moderator": N_("online moderator"),
    "role.rapporteur": N_("rapporteur"),
    "population.speakers": N_("speakers"),
    "population.attendees": N_("attendees"),
    "population.committee": N_("committee members"),
    "population.registrations": N_("registrations"),
    "population.survey_respondents": N_("survey respondents"),
    "dimension.gender": N_("By gender"),
    "dimension.stakeholder": N_("By stakeholder group"),
    "dimension.mode": N_("By mode of attendance"),
    "category.woman": N_("women"),
    "category.man": N_("men"),
    "category.non_binary": N_("non-binary"),
    "category.self_described": N_("self-described"),
    "category.not_stated": N_("not stated"),
    "category.in_person": N_("in person"),
    "category.remote": N_("remote"),
    "category.unknown": N_("unknown"),
    "method.mean_score": N_("the evaluators' mean score"),
    "method.approval": N_("approval voting"),
    "method.plurality": N_("plurality"),
    "method.borda": N_("Borda count"),
    "method.schulze": N_("the Schulze method"),
    "method.simple_majority": N_("simple majority"),
    "method.qualified_majority": N_("qualified majority"),
    "method.consensus": N_("consensus"),
    "method.without_opposition": N_("without opposition from the other members"),
    "method.appointed": N_("by appointment"),
    "method.not_recorded": N_("by a method not recorded"),
    "severity.error": N_("error"),
    "severity.warning": N_("warning"),
    "severity.info": N_("note"),
    "stage.call": N_("Open call"),
    "stage.committee": N_("Committee"),
    "stage.survey": N_("Topics"),
    "stage.panels": N_("Panels"),
    "stage.event": N_("Event"),
    "stage.report": N_("Report"),
    "metric.sessions": N_("Thematic panels"),
    "metric.speakers": N_("Invited speakers"),
    "metric.attendees": N_("Attendees"),
    "metric.registrations": N_("Registrations"),
    "metric.committee_members": N_("Committee members"),
    "metric.committee_stakeholder_groups": N_("Stakeholder groups on the committee"),
    "metric.expressions_of_interest": N_("Expressions of interest"),
    "metric.survey_ballots": N_("Survey ballots"),
    "metric.topics_approved": N_("Topics in the programme"),
    "metric.sponsors": N_("Sponsors"),
    "scorecard.heading": N_("Principle scorecard"),
    "scorecard.intro": N_(
        "Each indicator is computed from the published data; a principle is met when all its known indicators are, and incomplete when only some are."
    ),
    "scorecard.principle_status": N_("Overall: {status}"),
    "status.met": N_("met"),
    "status.partial": N_("incomplete"),
    "status.not_met": N_("not met"),
    "status.unknown": N_("no data"),
    "principle.open_transparent": N_("Open and transparent"),
    "principle.inclusive": N_("Inclusive"),
    "principle.bottom_up": N_("Bottom-up"),
    "principle.multistakeholder": N_("Multistakeholder"),
    "principle.non_commercial": N_("Non-commercial"),
    "indicator.public_call": N_("A public call with a deadline"),
    "indicator.registration_open": N_("Registration did not restrict participation"),
    "indicator.agenda_published": N_("The agenda was published"),
    "indicator.budget_published": N_("The budget was published by the NRI"),
    "indicator.decision_records_published": N_("The committee's decision records were published by the NRI"),
    "indicator.women_speakers": N_("Women among speakers"),
    "indicator.women_attendees": N_("Women among attendees"),
    "indicator.panels_with_women": N_("Every panel had a woman"),
    "indicator.remote_participation": N_("Streaming and remote participation"),
    "indicator.survey_binding": N_("The public topic survey decided the programme"),
    "indicator.survey_topics_adopted": N_("Survey-preferred topics the committee adopted"),
    "indicator.committee_groups": N_("Stakeholder groups on the organising committee"),
    "indicator.panels_multistakeholder": N_("Panels drawing on two or more stakeholder groups"),
    "indicator.call_response_groups": N_("Stakeholder groups answering the open call"),
    "indicator.sponsors_no_content_role": N_("Sponsors had no say on content"),
    "ev.public_call.none": N_("No open call is recorded."),
    "ev.public_call.met": N_(
        "The call opened on {opened} with a deadline of {deadline}, announced through {channels}; {expressions} expressions of interest."
    ),
    "ev.public_call.partial": N_(
        "A call is recorded ({expressions} expressions of interest) but without a deadline or announcement channels."
    ),
    "ev.registration_open.met": N_(
        "The NRI states that no one's participation was restricted: registration ({registrations} registered, {attendees} attended) only counted people."
    ),
    "ev.registration_open.not_met": N_(
        "The NRI states that registration restricted who could take part ({registrations} registered, {attendees} attended)."
    ),
    "ev.registration_open.unknown": N_(
        "Not stated: set [report] registration_open in the edition's config ({registrations} registered, {attendees} attended)."
    ),
    "ev.agenda_published.none": N_("No final panels are recorded."),
    "ev.agenda_published.met": N_("The agenda lists {sessions} sessions, each with its time."),
    "ev.agenda_published.partial": N_("The agenda lists {sessions} sessions; {timed} of them have a time."),
    "ev.budget_published.met": N_("The NRI published its budget ({n} budget lines in the open data)."),
    "ev.budget_published.not_met": N_(
        "The NRI did not publish its budget (stated in the edition's config); nrikit's open data now holds {n} budget lines."
    ),
    "ev.budget_published.data_met": N_("The open data publishes {n} budget lines."),
    "ev.budget_published.data_not_met": N_("No budget lines are published."),
    "ev.decision_records_published.met": N_("The NRI published its decision records ({n} decisions in the open data)."),
    "ev.decision_records_published.not_met": N_(
        "The NRI did not publish its committee's decision-making records (stated in the edition's config); nrikit's open data now holds {n} decisions."
    ),
    "ev.decision_records_published.data_met": N_(
        "The open data publishes {n} recorded decisions with their method and tally."
    ),
    "ev.decision_records_published.data_not_met": N_("No decision records are published."),
    "ev.women.met": N_(
        "Women were {pct} of {population} ({women} women, {men} men, {total} in all); 40% or more counts as met."
    ),
    "ev.women.partial": N_(
        "Women were {pct} of {population} ({women} women, {men} men, {total} in all): between 30% and 40%."
    ),
    "ev.women.not_met": N_("Women were {pct} of {population} ({women} women, {men} men, {total} in all): under 30%."),
    "ev.women.unknown": N_("The gender of {population} is withheld (small counts) or not recorded."),
    "ev.panels_with_women.met": N_("All {n} final panels had at least one woman."),
    "ev.panels_with_women.not_met": N_("{without} of {n} final panels had no woman: {titles}."),
    "ev.remote.met": N_(
        "The event was streamed and remote participation was offered ({remote_speakers} remote speakers, {remote_attendees} remote attendees)."
    ),
    "ev.remote.streamed_only": N_("The event was streamed, but no remote participation was offered."),
    "ev.remote.remote_only": N_(
        "Remote participation was offered ({remote_speakers} remote speakers), but the event was not streamed."
    ),
    "ev.remote.not_met": N_("The event was neither streamed nor open to remote participation."),
    "ev.survey_binding.no_survey": N_("No public topic survey: candidate topics were chosen by {method}."),
    "ev.survey_binding.none": N_("No public topic survey is recorded."),
    "ev.survey_binding.met": N_("The survey ({ballots} ballots) was binding: its result decided the programme."),
    "ev.survey_binding.partial": N_(
        "The survey ({ballots} ballots) was not binding: the committee took the final decision by {method}, so the bottom-up process was weak."
    ),
    "ev.survey_adopted.unknown": N_("No survey result is recorded."),
    "ev.survey_adopted.met": N_("The programme took all {top} of the survey's most preferred topics."),
    "ev.survey_adopted.dropped": N_(
        "The committee adopted {adopted} of the survey's {top} most preferred topics; not adopted: {titles}."
    ),
    "ev.committee_groups.met": N_("{n} stakeholder groups sat on the committee: {groups}."),
    "ev.committee_groups.missing": N_(
        "{n} stakeholder groups sat on the committee ({groups}); missing: {missing}. The IGF asks for at least three, growing towards all."
    ),
    "ev.panels_multistakeholder": N_("{mixed} of {n} final panels drew on two or more stakeholder groups."),
    "ev.call_response_groups": N_("The open call drew responses from {n} stakeholder groups: {groups}."),
    "ev.sponsors.none": N_("The edition had no sponsors."),
    "ev.sponsors.met": N_("None of the {n} sponsors ({names}) had a say on content."),
    "ev.sponsors.not_met": N_("Of {n} sponsors, {names} had a say on content."),
    "yoy.heading": N_("Year over year"),
    "yoy.text": N_("{label} compared with the NRI's earlier editions in the published data."),
    "yoy.first": N_(
        "This is the first edition of the NRI in the published data, so there is nothing to compare it with."
    ),
    "yoy.change": N_("Compared with {previous}: {changes}."),
    "yoy.others": N_("Other initiatives in the same data"),
    "yoy.others_text": N_("The latest edition of each other initiative in the published data, for comparison."),
    "yoy.inline.sessions": N_("thematic panels"),
    "yoy.inline.speakers": N_("invited speakers"),
    "yoy.inline.attendees": N_("attendees"),
    "chart.growth": N_("Headline figures per edition"),
    "chart.gender": N_("Share of women, per edition"),
    "chart.committee": N_("Committee seats by stakeholder group, per edition"),
    "chart.attendees": N_("Participants by stakeholder group"),
    "chart.people_bar": N_("{edition}: {group}, {seats} of {total}"),
    "chart.data": N_("(the data: in the tables of this section)"),
}
