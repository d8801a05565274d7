"""Admin screens of the validation: workflows, delegations, lead times."""

from django.urls import path

from timetrack.approvals import settings_views as views

app_name = "approval_settings"
urlpatterns = [
    path("", views.workflows, name="workflows"),
    path("circuits/nouveau/", views.workflow_form, name="workflow_create"),
    path("circuits/<int:pk>/", views.workflow_form, name="workflow_edit"),
    path("circuits/<int:pk>/supprimer/", views.workflow_delete, name="workflow_delete"),
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/nouvelle/", views.delegation_create, name="delegation_create"),
    path("delegations/<int:pk>/terminer/", views.delegation_end, name="delegation_end"),
    path("delais/", views.lead_time_dashboard, name="lead_times"),
]
