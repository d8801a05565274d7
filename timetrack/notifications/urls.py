from django.urls import path

from timetrack.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/ouvrir/", views.open_notification, name="open"),
    path("tout-lire/", views.read_all, name="read_all"),
]
