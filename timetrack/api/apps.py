from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "timetrack.api"
    label = "api"
