from django.urls import path

from timetrack.orgs import views

app_name = "orgs"
urlpatterns = [
    path("changer/", views.switch, name="switch"),
    path("parametres/", views.org_settings, name="settings"),
    path("personnes/", views.people, name="people"),
    path("personnes/<int:user_id>/", views.person, name="person"),
    path("personnes/<int:user_id>/modifier/", views.person_edit, name="person_edit"),
    path("invitations/", views.invite, name="invite"),
    path("equipes/", views.teams, name="teams"),
    path("equipes/nouvelle/", views.team_form, name="team_create"),
    path("equipes/<int:pk>/", views.team_form, name="team_edit"),
    path("agences/", views.agencies, name="agencies"),
    path("agences/nouvelle/", views.agency_form, name="agency_create"),
    path("agences/<int:pk>/", views.agency_form, name="agency_edit"),
]
