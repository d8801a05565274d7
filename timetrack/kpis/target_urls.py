"""Admin screens of the TACE targets, under /parametres/objectifs/."""

from django.urls import path

from timetrack.kpis import target_views as views

app_name = "targets"
urlpatterns = [
    path("", views.target_list, name="list"),
    path("nouveau/", views.target_create, name="create"),
    path("<int:pk>/supprimer/", views.target_delete, name="delete"),
]
