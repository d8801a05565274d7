from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "timetrack.core"
    label = "core"
