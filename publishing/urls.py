from django.urls import path

from . import ledger_views, views

app_name = "publishing"
urlpatterns = [
    path("wersje/<str:kind>/<str:key>/", views.history, name="history"),
    path("wersje/<str:kind>/<str:key>/<int:number>/", views.version_detail, name="version"),
    # Memento (RFC 7089): the item's TimeGate and TimeMap.
    path("wersje/<str:kind>/<str:key>/brama-czasu/", views.timegate, name="timegate"),
    path("wersje/<str:kind>/<str:key>/mapa-czasu/", views.timemap, name="timemap"),
    path("wersje/<str:kind>/<str:key>/<int:number>/zmiany/", views.version_diff, name="diff"),
    path("wersje/<str:kind>/<str:key>/<int:number>/cytowanie.bib", views.cite_bibtex, name="bibtex"),
    path("wersje/<str:kind>/<str:key>/<int:number>/cytowanie.json", views.cite_csl, name="csl"),
    path("wersje/<str:kind>/<str:key>/<int:number>/migawka.json", ledger_views.snapshot, name="snapshot"),
    path("sprawdz-wersje/", ledger_views.verify, name="verify"),
    path("dane/rejestr-wersji.jsonl", ledger_views.ledger_jsonl, name="ledger_jsonl"),
    path("dane/rejestr-wersji.csv", ledger_views.ledger_csv, name="ledger_csv"),
    path("dane/verify_ledger.py", ledger_views.verifier_script, name="verifier"),
]

from . import preview  # noqa: E402

urlpatterns += [
    # Under /podglad/, which robots.txt keeps crawlers out of.
    path("podglad/propozycje/<int:pk>/", preview.proposal_preview, name="proposal_preview"),
    path("podglad/<str:app_label>/<str:model_name>/<int:pk>/", preview.item_preview, name="item_preview"),
]
