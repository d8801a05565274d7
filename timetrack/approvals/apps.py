from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "timetrack.approvals"
    label = "approvals"
    verbose_name = "Validation"
