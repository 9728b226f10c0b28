from django.shortcuts import render

from accounts.permissions import permission_required
from accounts.roles import Perm


@permission_required(Perm.PANELS_MANAGE)
def index(request):
    return render(request, "panels/index.html")
