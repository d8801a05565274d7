"""Admin screens of the validation: workflows, delegations, lead times."""

from django.urls import path  # noqa: F401

app_name = "approval_settings"
urlpatterns: list = []
