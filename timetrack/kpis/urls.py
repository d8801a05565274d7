from django.urls import path

from timetrack.kpis import views

app_name = "kpis"
urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("equipe/", views.team, name="team"),
    path("moi/", views.me, name="me"),
]
