"""The client contact's approval page, reached by a signed link, without an account."""

from django.urls import path

from timetrack.approvals import client_views

app_name = "client_approval"
urlpatterns = [path("<str:token>/", client_views.decide, name="decide")]
