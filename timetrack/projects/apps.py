from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "timetrack.projects"
    label = "projects"
    verbose_name = "Projets"
