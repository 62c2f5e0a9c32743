"""The needs, plans and reintegration panel of the case page (jinja2/reintegration/_panel.html), drawn
from the case the page already resolved and audited."""

from django.utils.translation import pgettext

from safereturn.access import policy

from . import selectors, vocab

SECTIONS = selectors.SECTIONS


def panel_context(actor, case, *, present, revealed):
    lists = selectors.panel_lists(case, present)
    can_work = policy.can_work_support(actor, case)
    active = [plan for plan in lists["plans"] if plan.status == vocab.PlanStatus.ACTIVE]
    readable = policy.readable_need_domains(actor)
    for assessment in lists["needs"]:
        assessment.shown_levels = [
            (domain, assessment._meta.get_field(domain).verbose_name, getattr(assessment, f"get_{domain}_display")())
            for domain in vocab.NEED_DOMAINS
            if domain in readable
        ]
    readable_scores = policy.readable_reintegration_domains(actor)
    for assessment in lists["assessments"]:
        assessment.shown_total, assessment.shown_max = assessment.scored(readable_scores)
    visible_links = []
    for row in lists["links"]:
        other_visible = policy.visible_cases(actor).filter(pk=row["other"].pk).exists()
        visible_links.append({**row, "other_visible": other_visible})
    return {
        **lists,
        "links": visible_links,
        "is_child": case.age_group == "child",
        "can_work": can_work,
        "can_plan": can_work and not active,
        "overdue_label": pgettext("work item", "overdue"),
        "scheduled_visits": any(v.status == vocab.VisitStatus.SCHEDULED for v in lists["visits"]),
    }
