from django.shortcuts import render

from accounts.permissions import permission_required
from accounts.roles import Perm


@permission_required(Perm.SURVEYS_MANAGE)
def index(request):
    return render(request, "surveys/index.html")
