from django.shortcuts import render

from accounts.permissions import permission_required
from accounts.roles import Perm


@permission_required(Perm.FORUMS_MANAGE)
def index(request):
    return render(request, "forums/index.html")
