from django.urls import path

from timetrack.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("nouveau/", views.project_form, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/modifier/", views.project_form, name="edit"),
    path("<int:project_pk>/affectations/nouvelle/", views.assignment_form, name="assignment_create"),
    path("affectations/<int:pk>/modifier/", views.assignment_form, name="assignment_edit"),
    path("affectations/<int:pk>/supprimer/", views.assignment_delete, name="assignment_delete"),
    path("clients/", views.clients, name="clients"),
    path("clients/nouveau/", views.client_form, name="client_create"),
    path("clients/<int:pk>/modifier/", views.client_form, name="client_edit"),
    path("clients/<int:pk>/supprimer/", views.client_delete, name="client_delete"),
    path("mes-missions/", views.my_missions, name="mine"),
]
