from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "timetrack.notifications"
    label = "notifications"
