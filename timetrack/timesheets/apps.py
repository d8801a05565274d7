from django.apps import AppConfig


class TimesheetsConfig(AppConfig):
    name = "timetrack.timesheets"
    label = "timesheets"
    verbose_name = "CRA"
