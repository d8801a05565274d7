"""Admin screens of the activity types."""

from django.urls import path

from timetrack.timesheets import settings_views as views

app_name = "activity_types"
urlpatterns = [
    path("", views.activity_type_list, name="list"),
    path("nouveau/", views.activity_type_form, name="create"),
    path("<int:pk>/", views.activity_type_form, name="edit"),
]
