"""The young person's own copy of their approved pathway plan, as a plain-language PDF.

Made with WeasyPrint from ``pathways/templates/pathways/pdf/plan.html``: A4, numbered pages,
and document metadata (title, author = the council). Producing it is an export of the young
person's record, so it is audited as one.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.pdf import html_to_pdf

from .models import PathwayPlan, PlanAction, PlanSectionCode

# Headings a young person would use, in place of the regulations' wording.
FRIENDLY_HEADINGS = {
    PlanSectionCode.SUPPORT: "Who is there for you",
    PlanSectionCode.ACCOMMODATION: "Where you live",
    PlanSectionCode.EDUCATION: "Learning and training",
    PlanSectionCode.EMPLOYMENT: "Work and the things you do",
    PlanSectionCode.RELATIONSHIPS: "Family and friends",
    PlanSectionCode.INDEPENDENCE: "Looking after yourself and your home",
    PlanSectionCode.FINANCE: "Money",
    PlanSectionCode.HEALTH: "Your health",
    PlanSectionCode.CONTINGENCY: "If things go wrong",
}


def _section_context(section) -> dict:
    return {
        "code": section.code,
        "heading": FRIENDLY_HEADINGS[section.code],
        "narrative": section.narrative,
        "views": section.young_person_views,
        "actions": [a for a in section.actions.all() if a.status != PlanAction.Status.DROPPED],
    }


def plan_context(plan: PathwayPlan) -> dict:
    """What the template needs. ``plan`` comes from ``selectors.plans.plan_page`` (sections
    and actions prefetched)."""
    young_person = plan.young_person
    sections = sorted(plan.sections.all(), key=lambda s: s.order)
    together = [_section_context(s) for s in sections if s.code != PlanSectionCode.CONTINGENCY]
    contingency = next(
        (_section_context(s) for s in sections if s.code == PlanSectionCode.CONTINGENCY), None
    )
    return {
        "plan": plan,
        "young_person": young_person,
        "first_name": young_person.preferred_name or young_person.legal_first_name,
        "adviser": young_person.personal_adviser,
        "council": young_person.council,
        "sections": together,
        "contingency": contingency,
        "made_on": timezone.localdate(),
    }


def render_plan_pdf(plan: PathwayPlan) -> bytes:
    return html_to_pdf(render_to_string("pathways/pdf/plan.html", plan_context(plan)))


def plan_pdf(*, plan: PathwayPlan, by, request=None) -> bytes:
    """The PDF, audited as an export of the young person's record."""
    if plan.status != PathwayPlan.Status.APPROVED:
        raise ValueError("Only an approved plan is given to the young person")
    content = render_plan_pdf(plan)
    audit.record(
        action=Action.EXPORT,
        actor=by,
        obj=plan.young_person,
        request=request,
        detail={"plan": plan.number, "format": "pdf"},
    )
    return content
