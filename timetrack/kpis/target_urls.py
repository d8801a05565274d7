"""Admin screens of the TACE targets, under /parametres/objectifs/, and of the TACE policy, under
/parametres/objectifs/politique-tace/."""

from django.urls import path

from timetrack.kpis import policy_views
from timetrack.kpis import target_views as views

app_name = "targets"
urlpatterns = [
    path("", views.target_list, name="list"),
    path("nouveau/", views.target_create, name="create"),
    path("<int:pk>/supprimer/", views.target_delete, name="delete"),
    path("politique-tace/", policy_views.policy_list, name="policies"),
    path("politique-tace/nouvelle/", policy_views.policy_create, name="policy_create"),
    path("politique-tace/<int:pk>/supprimer/", policy_views.policy_delete, name="policy_delete"),
]
