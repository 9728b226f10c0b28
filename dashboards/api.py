"""The dashboards' KPIs as JSON, for a collection year and scope: the same figures, scoping
and permissions as the service dashboard (team managers get their team, service managers the
council). Mounted at /api/dashboards/."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasPerm
from accounts.roles import Perm
from pathways.codes import Sex
from pathways.rules import LegalStatus

from .models import ComparatorKind
from .selectors import dashboards, kpis, oc3

DASHBOARD = HasPerm.of(Perm.DASHBOARD_SERVICE, Perm.DASHBOARD_TEAM, any_of=True)


class KpiQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Collection year by the year it starts (2025 = 1 April 2025 to 31 March "
        "2026); the current one if left out.",
    )
    team = serializers.IntegerField(required=False, help_text="A team's id")
    age_group = serializers.ChoiceField(
        choices=[key for key, _label, _lo, _hi in oc3.AGE_GROUPS], required=False
    )
    legal_status = serializers.ChoiceField(
        choices=[s.value for s in LegalStatus if s != LegalStatus.NOT_CARE_LEAVER],
        required=False,
    )
    gender = serializers.ChoiceField(choices=Sex.values, required=False)


class ComparatorsSerializer(serializers.Serializer):
    national = serializers.FloatField(required=False)
    regional = serializers.FloatField(required=False)
    neighbours = serializers.FloatField(required=False)


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='e.g. "oc3.eet.19-21", "now.in_touch.all"')
    label = serializers.CharField()
    age_group = serializers.CharField(help_text='"all", "17-18" or "19-21"')
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True, help_text="Null when nobody is counted")
    comparators = ComparatorsSerializer()


class PeriodSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class TrendSerializer(serializers.Serializer):
    quarter = PeriodSerializer()
    measures = MeasureSerializer(many=True)


class CaseloadSerializer(serializers.Serializer):
    young_people = serializers.IntegerField()
    advisers = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    largest = serializers.IntegerField()


class KpisSerializer(serializers.Serializer):
    year = PeriodSerializer()
    so_far = serializers.BooleanField(help_text="The year is still running: birthdays to today")
    filters = serializers.DictField(child=serializers.CharField())
    oc3 = MeasureSerializer(many=True, help_text="Around the 17th to 21st birthday, as DfE counts")
    now = MeasureSerializer(many=True, help_text="From the latest situation recorded")
    practice = MeasureSerializer(many=True)
    caseload = CaseloadSerializer()
    trend = TrendSerializer(many=True, help_text="The last 8 complete quarters, oldest first")
    data_quality_problems = serializers.IntegerField(
        help_text="Young people whose records break a DfE rule for the year's return"
    )


def _measure(m: kpis.Measure) -> dict:
    return {
        "key": m.key,
        "label": m.label,
        "age_group": m.group,
        "numerator": m.numerator,
        "denominator": m.denominator,
        "percent": m.percent,
        "comparators": {
            k: float(v) for k, v in m.comparators.items() if k in ComparatorKind.values
        },
    }


def _period(p: oc3.Period) -> dict:
    return {"key": p.key, "label": p.label, "start": p.start, "end": p.end}


class KpisView(APIView):
    permission_classes = [IsAuthenticated, DASHBOARD]

    @extend_schema(
        parameters=[KpiQuerySerializer],
        responses={
            200: KpisSerializer,
            400: OpenApiResponse(description="A parameter is not valid"),
            403: OpenApiResponse(description="Your role has no dashboard"),
        },
        summary="The dashboard's KPIs for a collection year and scope",
    )
    def get(self, request):
        query = KpiQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        chosen = query.validated_data
        filters = kpis.Filters(
            year=chosen.get("year") or oc3.current_collection_year(today),
            team=chosen.get("team"),
            age_group=chosen.get("age_group", ""),
            legal_status=chosen.get("legal_status", ""),
            gender=chosen.get("gender", ""),
        )
        user = request.user
        result = dashboards.dashboard_kpis(user, filters, today=today).value
        data = {
            "year": _period(result.year),
            "so_far": result.running,
            "filters": filters.params(),
            "oc3": [_measure(m) for m in result.oc3_measures],
            "now": [_measure(m) for m in result.current_measures],
            "practice": [_measure(m) for m in result.practice_measures],
            "caseload": {
                "young_people": result.caseload.young_people,
                "advisers": result.caseload.advisers,
                "average": result.caseload.average,
                "largest": result.caseload.largest,
            },
            "trend": [
                {"quarter": _period(period), "measures": [_measure(m) for m in measures]}
                for period, measures in result.trend_measures
            ],
            "data_quality_problems": dashboards.data_quality_count(
                user, filters, today=today
            ).value,
        }
        return Response(KpisSerializer(data).data)
