from django.urls import path

from . import feeds, views

app_name = "opendata"
urlpatterns = [
    path("dane/", views.open_data, name="index"),
    path("dane/api/", views.api_docs, name="api"),
    path("dane/zobowiazania.csv", views.csv_download, {"name": "zobowiazania"}, name="commitments_csv"),
    path("dane/kamienie-milowe.csv", views.csv_download, {"name": "kamienie-milowe"}, name="milestones_csv"),
    path("dane/wskazniki.csv", views.csv_download, {"name": "wskazniki"}, name="indicators_csv"),
    path("kanal.xml", feeds.PortalFeed(), name="feed"),
    path("zobowiazania/<slug:slug>/kanal.xml", feeds.CommitmentFeed(), name="commitment_feed"),
]
