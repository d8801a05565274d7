from django.apps import AppConfig


class ProfitabilityConfig(AppConfig):
    name = "timetrack.profitability"
    label = "profitability"
    verbose_name = "Rentabilité"
