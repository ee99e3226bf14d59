from django.urls import path

from . import views

app_name = "declaration"
urlpatterns = [
    path("deklaracja/", views.declaration_detail, name="detail"),
    path("wartosci/", views.value_list, name="values"),
    path("wartosci/<slug:slug>/", views.value_detail, name="value"),
]
