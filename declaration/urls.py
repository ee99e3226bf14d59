from django.urls import path

from publishing.as_of import or_as_of

from . import views

app_name = "declaration"
urlpatterns = [
    path("deklaracja/", views.declaration_detail, name="detail"),
    path("wartosci/", views.value_list, name="values"),
    # ?stan-na=YYYY-MM-DD: the value's page as it stood at the end of that day (publishing/as_of.py;
    # the commitments app, which shows the tracker as of a day, renders it).
    path("wartosci/<slug:slug>/", or_as_of("declaration:value", views.value_detail), name="value"),
]
