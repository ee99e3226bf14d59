"""The front page, which brings the apps' content together."""

from django.shortcuts import render

from commitments import stats
from declaration.models import Declaration, Value


def home(request):
    return render(
        request,
        "home.html",
        {
            "declaration": Declaration.objects.current(),
            "values": Value.objects.published(),
            "overview": stats.overview(),
        },
    )
