from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.permissions import permission_required
from accounts.roles import Perm

from .. import selectors, services


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def caseload(request):
    young_people = selectors.caseload_for(request.user)
    return render(request, "pathways/caseload.html", {"young_people": young_people})


@permission_required(Perm.YOUNG_PEOPLE_VIEW_TEAM)
def young_people(request):
    qs = selectors.young_people_for(request.user).select_related("personal_adviser", "team")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "pathways/young_people.html", {"page": page, "query": ""})


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def young_person_detail(request, uuid):
    young_person = selectors.young_person_for(request.user, uuid=uuid)
    services.record_view(young_person=young_person, by=request.user, request=request)
    return render(request, "pathways/young_person.html", {"young_person": young_person})
