"""Admin screens of the activity types."""

from django.urls import path  # noqa: F401

app_name = "activity_types"
urlpatterns: list = []
