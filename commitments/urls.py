from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("postepy/", views.overview, name="overview"),
    path("poziomy/<int:number>/", views.level_detail, name="level"),
    path("zobowiazania/", views.commitment_list, name="list"),
    path("zobowiazania/<slug:slug>/", views.commitment_detail, name="detail"),
    # Under a prefix of its own, so that robots.txt keeps crawlers out with a plain Disallow
    # (a "*" pattern is an extension many robots parsers ignore).
    path("podglad/zobowiazania/<slug:slug>/", views.commitment_preview, name="preview"),
    path("c/<str:reference>/", views.permanent, name="permanent"),
    path("dokumenty/<int:pk>/pobierz/", views.document_download, name="document_download"),
]
