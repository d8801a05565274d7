"""The approver's inbox and decisions."""

from django.urls import path

from timetrack.approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("lot/", views.bulk, name="bulk"),
    path("<int:timesheet_id>/", views.review, name="review"),
    path("<int:timesheet_id>/approuver/", views.approve, name="approve"),
    path("<int:timesheet_id>/decision/", views.decide, name="decide"),
    path("<int:timesheet_id>/rappeler/", views.recall, name="recall"),
    path("<int:timesheet_id>/rouvrir/", views.reopen, name="reopen"),
]
