from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("wersje/<str:kind>/<str:key>/", views.history, name="history"),
    path("wersje/<str:kind>/<str:key>/<int:number>/", views.version_detail, name="version"),
    path("wersje/<str:kind>/<str:key>/<int:number>/zmiany/", views.version_diff, name="diff"),
    path("wersje/<str:kind>/<str:key>/<int:number>/cytowanie.bib", views.cite_bibtex, name="bibtex"),
    path("wersje/<str:kind>/<str:key>/<int:number>/cytowanie.json", views.cite_csl, name="csl"),
]

from . import preview  # noqa: E402

urlpatterns += [
    # Under /podglad/, which robots.txt keeps crawlers out of.
    path("podglad/propozycje/<int:pk>/", preview.proposal_preview, name="proposal_preview"),
    path("podglad/<str:app_label>/<str:model_name>/<int:pk>/", preview.item_preview, name="item_preview"),
]
