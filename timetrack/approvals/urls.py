"""The approver's inbox and decisions."""

from django.urls import path  # noqa: F401

app_name = "approvals"
urlpatterns: list = []
