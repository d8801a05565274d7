from django.urls import path

from timetrack.profitability import exports, views

app_name = "profitability"
urlpatterns = [
    path("", views.projects, name="projects"),
    path("projets/<int:pk>/", views.project, name="project"),
    path("alertes/", views.alerts, name="alerts"),
    path("cjm/", views.cost_rates, name="cost_rates"),
    path("export.xlsx", exports.export_projects, name="export"),
]
