from django.urls import path

from . import views

app_name = "accessibility"
urlpatterns = [
    path("deklaracja-dostepnosci/", views.statement, name="statement"),
    path("tekst-latwy-do-czytania/", views.easy_read_index, name="easy_read"),
    path("tekst-latwy-do-czytania/<slug:slug>/", views.easy_read_text, name="easy_read_text"),
    path("informacja-o-zakresie-dzialalnosci.txt", views.scope_of_activity_txt, name="scope_txt"),
    path("jezyk-migowy/", views.sign_language, name="sign_language"),
]
