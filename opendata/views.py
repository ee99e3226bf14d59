from django.http import HttpResponseBadRequest
from django.shortcuts import render

from languages.translated import language_codes
from publishing import ledger

from . import csv_exports
from .api import api
from .models import Dataset

CSV = {
    "zobowiazania": ("zobowiazania.csv", csv_exports.COMMITMENT_HEADER, csv_exports.commitments_rows),
    "kamienie-milowe": ("kamienie-milowe.csv", csv_exports.MILESTONE_HEADER, csv_exports.milestones_rows),
    "wskazniki": ("wskazniki.csv", csv_exports.INDICATOR_HEADER, csv_exports.indicator_rows),
}


def open_data(request):
    return render(request, "opendata/open_data.html", {"datasets": Dataset.objects.all(), "head": ledger.head()})


def api_docs(request):
    """The API documented in plain HTML from its own OpenAPI schema."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": operation.get("parameters", []),
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "opendata/api_docs.html", {"endpoints": endpoints, "schema": schema})


def csv_download(request, name):
    filename, header, rows = CSV[name]
    language = request.GET.get("lang", "pl")
    if language not in language_codes():
        codes = ", ".join(language_codes())
        return HttpResponseBadRequest(f"Unknown language: use lang= one of {codes}.", content_type="text/plain")
    return csv_exports.csv_response(filename, header, csv_exports.in_language(language, request, rows))
