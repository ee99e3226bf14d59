from django.urls import path

from . import views

app_name = "search"
urlpatterns = [path("szukaj/", views.search_page, name="search")]
