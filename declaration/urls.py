from django.urls import path

from commitments import as_of_views

from . import views

app_name = "declaration"
urlpatterns = [
    path("deklaracja/", views.declaration_detail, name="detail"),
    path("wartosci/", views.value_list, name="values"),
    # ?stan-na=YYYY-MM-DD: the value's page as it stood at the end of that day (commitments/as_of_views.py).
    path("wartosci/<slug:slug>/", as_of_views.or_as_of(views.value_detail, as_of_views.value_detail), name="value"),
]
