from __future__ import annotations


def posted(request):
    return request.POST if request.method == "POST" else None
