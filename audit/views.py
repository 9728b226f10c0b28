from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.permissions import permission_required
from accounts.roles import Perm

from .forms import AuditFilterForm
from .selectors import AuditFilter, audit_events_for


@permission_required(Perm.AUDIT_VIEW)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilter()
    if form.is_bound and form.is_valid():
        filters = AuditFilter(**{k: v for k, v in form.cleaned_data.items() if v})
    events = audit_events_for(user=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
