"""The client contact's approval page, reached by a signed link, without an account."""

from django.urls import path  # noqa: F401

app_name = "client_approval"
urlpatterns: list = []
