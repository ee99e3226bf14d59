"""The public ledger's pages and files: the verify page, each version's snapshot as a
file, the ledger as JSON Lines and CSV, and the standalone verifier to download."""

from pathlib import Path

from django import forms
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from languages.translated import in_language

from . import ledger, registry, verify_ledger
from .models import PublicVersion

SCRIPT = Path(verify_ledger.__file__)


class FindForm(forms.Form):
    q = forms.CharField(
        label=_("Address or fingerprint of a version"),
        max_length=2000,
        help_text=_("For example https://…/wersje/zobowiazanie/BPC-2025-001/2/ or a fingerprint of 64 characters."),
    )


class UploadForm(forms.Form):
    snapshot = forms.FileField(
        label=_("Saved snapshot (JSON)"),
        help_text=_("The file downloaded with “Snapshot (JSON)” on a version's page."),
    )


# The upload changes nothing (it is only compared with the record), so a forged cross-site
# POST gains nothing: no CSRF token, hence no cookie, as on every other public page.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """Paste an address or a fingerprint (GET, so a result can be linked), or upload a
    saved snapshot (POST): is it in the ledger, where, and does it still hash right."""
    context = {"head": ledger.head(), "find": FindForm(), "upload": UploadForm()}
    if request.method == "POST":
        upload = context["upload"] = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            try:
                checked = ledger.check_upload(upload.cleaned_data["snapshot"])
            except ledger.NotUnderstood as problem:
                upload.add_error("snapshot", str(problem))
            else:
                context["checked"] = checked
                context["versions"] = list(
                    PublicVersion.objects.public()
                    .select_related("ledger_entry")
                    .filter(fingerprint__in={checked["claimed"], checked["computed"]})
                    .order_by("published_at", "pk")[:20]
                )
    elif "q" in request.GET:
        find = context["find"] = FindForm(request.GET)
        if find.is_valid():
            try:
                context["versions"] = ledger.find(find.cleaned_data["q"])
            except ledger.NotUnderstood as problem:
                find.add_error("q", str(problem))
    for version in context.get("versions", ()):
        version.intact = verify_ledger.fingerprint(version.state, version.snapshot) == version.fingerprint
        kind = registry.version_kind(version.kind)
        version.title = in_language(version.snapshot.get(kind.title_field if kind else "title"))
    response = render(request, "publishing/verify.html", context)
    if request.method == "POST":
        add_never_cache_headers(response)
    return response


def snapshot(request, kind, key, number):
    """One public version as a file anyone can keep and check later, with the standalone
    verifier or on the verify page: its content hashes to its fingerprint."""
    version = PublicVersion.objects.public().filter(kind=kind, key=key, number=number).first()
    if version is None:
        raise Http404("No such public version.")
    data = {
        "kind": version.kind,
        "key": version.key,
        "number": version.number,
        "state": version.state,
        "published_at": ledger.utc(version.published_at),
        "fingerprint": version.fingerprint,
        "content": version.snapshot,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{kind}-{key}-v{number}.json"'
    return response


def ledger_jsonl(request):
    response = HttpResponse("".join(ledger.jsonl()), content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rejestr-wersji.jsonl"'
    return response


def ledger_csv(request):
    response = HttpResponse("".join(ledger.csv_lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rejestr-wersji.csv"'
    return response


def verifier_script(request):
    return FileResponse(
        SCRIPT.open("rb"), as_attachment=True, filename="verify_ledger.py", content_type="text/x-python; charset=utf-8"
    )
