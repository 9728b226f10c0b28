"""Dashboards, the lists behind their figures, data quality and statutory returns
(dashboards/urls.py: urlpatterns and api_urlpatterns) and the comparators' admin pages."""

from dashboards.models import Comparator

from .expected import admin_page, only

MANAGERS = ("team_manager", "service_manager")
FIGURE = {"": {"figure": "caseload"}}
YEAR = {"": {"year": "2025"}}


def _comparators(world) -> dict:
    own = Comparator.objects.get_or_create(
        council=world.council,
        year=2025,
        indicator="eet_19_21",
        kind="national",
        defaults={"percent": 63},
    )[0]
    other = Comparator.objects.get_or_create(
        council=world.other_council,
        year=2025,
        indicator="eet_19_21",
        kind="national",
        defaults={"percent": 60},
    )[0]
    return {"own": {"object_id": str(own.pk)}, "other_council": {"object_id": str(other.pk)}}


EXPECTED = {
    "dashboards:team": only(*MANAGERS),
    "dashboards:team-csv": only(*MANAGERS),
    "dashboards:team-xlsx": only(*MANAGERS),
    "dashboards:service": only(*MANAGERS),
    "dashboards:service-csv": only(*MANAGERS),
    "dashboards:service-xlsx": only(*MANAGERS),
    "dashboards:figure": only(*MANAGERS),
    "dashboards:figure-csv": only(*MANAGERS),
    "dashboards:figure-xlsx": only(*MANAGERS),
    "dashboards:data-quality": only(*MANAGERS),
    "dashboards:returns": only("service_manager"),
    "dashboards:oc3-csv": only("service_manager"),
    "dashboards:header-csv": only("service_manager"),
    "dashboards:annex-a": only("service_manager"),
    "dashboards_api:kpis": only(*MANAGERS, anon=403),
    "admin:dashboards_comparator_add": admin_page(),
}

SAMPLES = {
    "dashboards:figure": lambda world: FIGURE,
    "dashboards:figure-csv": lambda world: FIGURE,
    "dashboards:figure-xlsx": lambda world: FIGURE,
    "dashboards:oc3-csv": lambda world: YEAR,
    "dashboards:header-csv": lambda world: YEAR,
    "admin:dashboards_comparator_change": _comparators,
    "admin:dashboards_comparator_history": _comparators,
    "admin:dashboards_comparator_delete": _comparators,
    "admin:<admin/dashboards/comparator/{object_id}/>": _comparators,
}
