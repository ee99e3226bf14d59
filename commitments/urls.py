from django.urls import path

from publishing.as_of import or_as_of

from . import views  # as_of_views registers the pages as of a day

app_name = "commitments"
# ?stan-na=YYYY-MM-DD: the page as it stood at the end of that day (as_of_views.py).
urlpatterns = [
    path("postepy/", or_as_of("commitments:overview", views.overview), name="overview"),
    path("poziomy/<int:number>/", or_as_of("commitments:level", views.level_detail), name="level"),
    path("zobowiazania/", or_as_of("commitments:list", views.commitment_list), name="list"),
    path("zobowiazania/<slug:slug>/", views.commitment_detail, name="detail"),
    # Under a prefix of its own, so that robots.txt keeps crawlers out with a plain Disallow
    # (a "*" pattern is an extension many robots parsers ignore).
    path("podglad/zobowiazania/<slug:slug>/", views.commitment_preview, name="preview"),
    path("c/<str:reference>/", views.permanent, name="permanent"),
    path("dokumenty/<int:pk>/pobierz/", views.document_download, name="document_download"),
]
