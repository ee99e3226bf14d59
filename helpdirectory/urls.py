from django.urls import path

from . import views

app_name = "helpdirectory"
urlpatterns = [
    path("gdzie-szukac-pomocy/", views.organisation_list, name="list"),
    path("gdzie-szukac-pomocy/<slug:slug>/", views.organisation_detail, name="detail"),
]
