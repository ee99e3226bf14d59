from django.urls import path

from . import views

app_name = "dialogue"
urlpatterns = [
    path("opinia/", views.feedback, name="feedback"),
    path("opinia/wyslano/", views.feedback_sent, name="feedback_sent"),
    path("zobowiazania/<slug:slug>/opinia/", views.feedback, name="commitment_feedback"),
    path("zobowiazania/<slug:slug>/opinia/wyslano/", views.feedback_sent, name="commitment_feedback_sent"),
    path("obserwuj/", views.follow, name="follow"),
    path("obserwuj/sprawdz-poczte/", views.follow_sent, name="follow_sent"),
    path("zobowiazania/<slug:slug>/obserwuj/", views.follow, name="commitment_follow"),
    path("zobowiazania/<slug:slug>/obserwuj/sprawdz-poczte/", views.follow_sent, name="commitment_follow_sent"),
    path("obserwuj/potwierdz/<str:token>/", views.confirm, name="confirm"),
    path("obserwuj/wypisz/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
