from django.shortcuts import render

from accounts.permissions import permission_required
from accounts.roles import Perm
from core.pagination import CappedPaginator

from .forms import AuditFilterForm
from .selectors import AuditFilter, audit_events_for

#: Entries counted at most (see core.pagination).
AUDIT_COUNT_CAP = 10_000


@permission_required(Perm.AUDIT_VIEW)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilter()
    if form.is_bound and form.is_valid():
        filters = AuditFilter(**{k: v for k, v in form.cleaned_data.items() if v})
    events = audit_events_for(user=request.user, filters=filters)
    # Counting half a million entries is slow and nobody pages that far: count to a cap.
    page = CappedPaginator(events, 50, cap=AUDIT_COUNT_CAP).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
