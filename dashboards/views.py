"""The team and service dashboards, the lists behind their figures, the data quality page and
the files: CSV and XLSX of lists and tables, DfE's SSDA903 OC3 and Header tables, and
Ofsted's Annex A list 9.

Team managers see their team; service managers the council. Every list of young people
shown is audited as a view, every file as an export.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import has_perm, permission_required
from accounts.roles import Perm
from core.exports import Table, csv_bytes, xlsx_bytes

from . import charts, exports, presenters, selectors, services
from .forms import DashboardFilterForm
from .selectors import cache, dashboards, data_quality, kpis, oc3, oc3_checks, statutory

DASHBOARD_PERMS = (Perm.DASHBOARD_SERVICE, Perm.DASHBOARD_TEAM)
PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today() -> date:
    return timezone.localdate()


def _form(request, *, team_choice: bool = True) -> tuple[DashboardFilterForm, kpis.Filters]:
    teams = selectors.teams(request.user)
    form = DashboardFilterForm(
        request.GET or None, teams=teams, today=_today(), team_choice=team_choice and len(teams) > 1
    )
    return form, form.filters()


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _table_response(table: Table, *, fmt: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        return _download(csv_bytes(table), filename=f"{filename}.csv", content_type="text/csv")
    return _download(xlsx_bytes([table]), filename=f"{filename}.xlsx", content_type=XLSX)


# Dashboards -------------------------------------------------------------------------------


def _refresh(request) -> bool:
    return request.GET.get("refresh") == "1"


def _freshness(*cached: cache.Cached) -> dict:
    """When the page's figures were calculated, and whether records have changed since."""
    return {
        "computed_at": min(c.computed_at for c in cached),
        "current": all(c.current for c in cached),
        "stale_minutes": max(1, cache.DEFAULT_STALE_SECONDS // 60),
    }


def _without_refresh(request) -> str:
    query = request.GET.copy()
    query.pop("refresh", None)
    return query.urlencode()


def _fragment(user, parts: dict, template: str, context: Callable[[], dict]) -> str:
    """A page's figures, rendered once per calculation: the HTML is cached with them."""
    return cache.cached(
        user.council_id,
        {"what": template, **parts},
        lambda: render_to_string(template, context()),
    ).value


@permission_required(Perm.DASHBOARD_TEAM)
def team_dashboard(request):
    user, today, refresh = request.user, _today(), _refresh(request)
    form, filters = _form(request)
    rows = dashboards.team_rows(user, filters, today=today, refresh=refresh)
    figures = dashboards.dashboard_kpis(user, filters, today=today, refresh=refresh)
    problems = dashboards.data_quality_count(user, filters, today=today, refresh=refresh)
    may_allocate = has_perm(user, Perm.CASELOAD_ALLOCATE)
    show_team = "team" in form.fields

    def context() -> dict:
        result = figures.value
        lines, totals = presenters.adviser_lines(rows.value, filters, may_allocate=may_allocate)
        return {
            "columns": [heading for _a, heading, _f in presenters.TEAM_COLUMNS],
            "lines": lines,
            "totals": totals,
            "result": result,
            "practice_rows": presenters.measure_rows(result.practice_measures, filters),
            "oc3_rows": presenters.measure_rows(result.oc3_measures, filters),
            "current_rows": presenters.measure_rows(result.current_measures, filters),
            "caseload_url": presenters.figure_url("caseload", filters),
            "may_allocate": may_allocate,
            "show_team": show_team,
        }

    parts = {
        "rows": rows.token,
        "figures": figures.token,
        "filters": filters.params(),
        "scope": selectors.scope_key(user),
        "allocate": may_allocate,
        "show_team": show_team,
    }
    return render(
        request,
        "dashboards/team.html",
        {
            "form": form,
            "filters": filters,
            "figures_html": _fragment(user, parts, "dashboards/_team_figures.html", context),
            "data_quality_count": problems.value,
            "query": _without_refresh(request),
            "may_allocate": may_allocate,
            "council": user.council,
            **_freshness(rows, figures, problems),
        },
    )


def _oc3_chart(result: kpis.Kpis):
    items = [
        (f"{m.label}, {presenters.GROUP_LABELS[m.group]}", m.percent)
        for m in result.oc3_measures
        if m.group != "all"
    ]
    text = "; ".join(f"{label}: {presenters.percent_text(p)}" for label, p in items)
    return charts.bars(
        title=f"Care leavers' situation around their birthday, {result.year.label}",
        description=f"Percentages for this council. {text}.",
        items=items,
    )


def _comparator_chart(result: kpis.Kpis):
    labels = dict(presenters.ComparatorKind.choices)
    items = []
    for m in result.oc3_measures:
        if m.group != "19-21":
            continue
        items.append((f"{m.label}: this council", m.percent))
        for kind, percent in m.comparators.items():
            items.append((f"{m.label}: {labels[kind]}", float(percent)))
    if len(items) == 3:  # nothing entered to compare with
        return None
    text = "; ".join(f"{label}: {presenters.percent_text(p)}" for label, p in items)
    return charts.bars(
        title=f"Aged 19 to 21: this council and comparators, {result.year.label}",
        description=f"{text}.",
        items=items,
    )


def _trend_charts(result: kpis.Kpis) -> list:
    found = []
    for i, (_indicator, label) in enumerate(kpis.INDICATORS):
        points = [
            (period.label.replace(" to ", "–"), measures[i].percent)
            for period, measures in result.trend_measures
        ]
        text = "; ".join(f"{p}: {presenters.percent_text(v)}" for p, v in points)
        found.append(
            charts.line(
                title=f"{label}: birthdays in each of the last 8 quarters",
                description=f"{text}.",
                points=points,
            )
        )
    return found


@permission_required(*DASHBOARD_PERMS, any_of=True)
def service_dashboard(request):
    user, today, refresh = request.user, _today(), _refresh(request)
    form, filters = _form(request)
    figures = dashboards.dashboard_kpis(user, filters, today=today, refresh=refresh)
    problems = dashboards.data_quality_count(user, filters, today=today, refresh=refresh)

    def context() -> dict:
        result = figures.value
        return {
            "result": result,
            "oc3_rows": presenters.measure_rows(result.oc3_measures, filters),
            "current_rows": presenters.measure_rows(result.current_measures, filters),
            "practice_rows": presenters.measure_rows(result.practice_measures, filters),
            "trend_rows": presenters.trend_rows(result),
            "indicators": [label for _key, label in kpis.INDICATORS],
            "comparator_labels": [label for _v, label in presenters.ComparatorKind.choices],
            "oc3_chart": _oc3_chart(result),
            "comparator_chart": _comparator_chart(result),
            "trend_charts": _trend_charts(result),
            "caseload_url": presenters.figure_url("caseload", filters),
            "largest_url": presenters.figure_url(
                "caseload", filters, {"personal_adviser": result.caseload.largest_adviser_uuid}
            ),
        }

    parts = {
        "figures": figures.token,
        "filters": filters.params(),
        "scope": selectors.scope_key(user),
    }
    return render(
        request,
        "dashboards/service.html",
        {
            "form": form,
            "filters": filters,
            "figures_html": _fragment(user, parts, "dashboards/_service_figures.html", context),
            "data_quality_count": problems.value,
            "query": _without_refresh(request),
            "may_export_returns": has_perm(user, Perm.STATUTORY_EXPORT),
            **_freshness(figures, problems),
        },
    )


@permission_required(*DASHBOARD_PERMS, any_of=True)
def service_export(request, fmt: str):
    user, today = request.user, _today()
    _form_unused, filters = _form(request)
    result = dashboards.dashboard_kpis(user, filters, today=today).value
    rows, headers = presenters.measures_table(result)
    services.record_export(
        user=user,
        what="Service dashboard figures",
        detail={"format": fmt, "filters": filters.describe()},
        request=request,
    )
    return _table_response(
        Table("Figures", headers, rows), fmt=fmt, filename=f"figures-{filters.year}"
    )


@permission_required(Perm.DASHBOARD_TEAM)
def team_export(request, fmt: str):
    user, today = request.user, _today()
    _form_unused, filters = _form(request)
    rows = dashboards.team_rows(user, filters, today=today).value
    services.record_export(
        user=user,
        what="Team dashboard: personal advisers",
        detail={"format": fmt, "filters": filters.describe()},
        request=request,
    )
    table = Table("Personal advisers", presenters.TEAM_TABLE_HEADERS, presenters.team_table(rows))
    return _table_response(table, fmt=fmt, filename="team")


# The young people behind a figure ---------------------------------------------------------


def _figure(slug: str) -> kpis.Figure:
    figure = kpis.FIGURES.get(slug)
    if figure is None:
        raise Http404
    return figure


@permission_required(*DASHBOARD_PERMS, any_of=True)
def figure_list(request, figure: str):
    user, today = request.user, _today()
    chosen = _figure(figure)
    form, filters = _form(request)
    qs = dashboards.figure_list(user, chosen, filters, today=today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    oc3_list = chosen.basis == "oc3"
    rows = presenters.person_rows(page.object_list, today=today, oc3_list=oc3_list)
    services.record_list_view(
        user=user,
        what=f"Dashboard list: {chosen.label}",
        detail={
            "figure": chosen.slug,
            "filters": filters.describe(),
            "count": page.paginator.count,
            "page": page.number,
            "young_people": [row.person_id for row in rows],
        },
        request=request,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/figure.html",
        {
            "form": form,
            "figure": chosen,
            "filters": filters,
            "described": presenters.describe_filters(
                filters, team_names={t.pk: t.name for t in selectors.teams(user)}, figure=chosen
            ),
            "page": page,
            "rows": rows,
            "oc3_list": oc3_list,
            "query": query.urlencode(),
        },
    )


@permission_required(*DASHBOARD_PERMS, any_of=True)
def figure_export(request, figure: str, fmt: str):
    user, today = request.user, _today()
    chosen = _figure(figure)
    _form_unused, filters = _form(request)
    oc3_list = chosen.basis == "oc3"
    rows = presenters.person_rows(
        dashboards.figure_list(user, chosen, filters, today=today), today=today, oc3_list=oc3_list
    )
    columns = presenters.columns_for(oc3_list)
    table = Table(
        chosen.label[:31],
        [heading for heading, _attr in columns],
        [tuple(getattr(row, attr) for _heading, attr in columns) for row in rows],
    )
    services.record_export(
        user=user,
        what=f"Dashboard list: {chosen.label}",
        detail={
            "format": fmt,
            "figure": chosen.slug,
            "filters": filters.describe(),
            "count": len(rows),
        },
        request=request,
    )
    return _table_response(table, fmt=fmt, filename=chosen.slug)


# Data quality -----------------------------------------------------------------------------


@permission_required(*DASHBOARD_PERMS, any_of=True)
def data_quality_page(request):
    user, today = request.user, _today()
    form, filters = _form(request)
    ids = data_quality.problem_ids(user, filters, today=today)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    young_people = data_quality.problem_rows(user, filters, today=today, ids=list(page.object_list))
    rows = presenters.describe_problems(young_people, today=today)
    services.record_list_view(
        user=user,
        what="Data quality: records breaking a DfE rule",
        detail={
            "filters": filters.describe(),
            "count": page.paginator.count,
            "page": page.number,
            "young_people": [row.young_person.person_id for row in rows],
        },
        request=request,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/data_quality.html",
        {
            "form": form,
            "filters": filters,
            "year": oc3.collection_year(filters.year),
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
        },
    )


# Statutory returns ------------------------------------------------------------------------


def _return_year(year: int) -> int:
    if not 2000 <= year <= oc3.current_collection_year(_today()):
        raise Http404
    return year


@permission_required(Perm.STATUTORY_EXPORT)
def returns(request):
    user, today = request.user, _today()
    form, filters = _form(request, team_choice=False)
    year = oc3.collection_year(filters.year)
    return render(
        request,
        "dashboards/returns.html",
        {
            "form": form,
            "year": year,
            "running": year.end >= today,
            "counts": statutory.return_counts(user, filters.year, today=today),
            "sex_letters": filters.year >= oc3_checks.SEX_LETTERS_FROM,
            "oc3_url": reverse("dashboards:oc3-csv", kwargs={"year": filters.year}),
            "header_url": reverse("dashboards:header-csv", kwargs={"year": filters.year}),
            "data_quality_count": dashboards.data_quality_count(
                user, kpis.Filters(year=filters.year), today=today
            ).value,
            "data_quality_url": f"{reverse('dashboards:data-quality')}?year={filters.year}",
        },
    )


@permission_required(Perm.STATUTORY_EXPORT)
def oc3_csv(request, year: int):
    user, today = request.user, _today()
    table = exports.oc3_table(statutory.return_cohort(user, _return_year(year), today=today))
    services.record_export(
        user=user,
        what=f"SSDA903 OC3 table {year} to {year + 1}",
        detail={"return": "SSDA903", "table": "OC3", "year": year, "rows": len(table.rows)},
        request=request,
    )
    return _download(
        csv_bytes(table, excel=False),
        filename=f"ssda903-{year}-oc3.csv",
        content_type="text/csv",
    )


@permission_required(Perm.STATUTORY_EXPORT)
def header_csv(request, year: int):
    user, today = request.user, _today()
    cohort = statutory.return_cohort(user, _return_year(year), today=today)
    table = exports.header_table(cohort, year=year)
    services.record_export(
        user=user,
        what=f"SSDA903 Header table {year} to {year + 1}",
        detail={"return": "SSDA903", "table": "Header", "year": year, "rows": len(table.rows)},
        request=request,
    )
    return _download(
        csv_bytes(table, excel=False),
        filename=f"ssda903-{year}-header.csv",
        content_type="text/csv",
    )


@permission_required(Perm.STATUTORY_EXPORT)
def annex_a(request):
    user, today = request.user, _today()
    table = exports.annex_a_table(statutory.annex_a_list(user, today=today), today=today)
    services.record_export(
        user=user,
        what="Ofsted Annex A list 9: care leavers",
        detail={"return": "Annex A", "list": 9, "rows": len(table.rows), "on": today.isoformat()},
        request=request,
    )
    return _download(
        xlsx_bytes([table]),
        filename=f"annex-a-list-9-{today.isoformat()}.xlsx",
        content_type=XLSX,
    )
