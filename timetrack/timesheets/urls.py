from django.urls import path, register_converter

from timetrack.timesheets import views
from timetrack.timesheets.grid import Period


class PeriodConverter:
    """ "2026-03" (a month) or "2026-S10" (an ISO week) → Period; anything else is a 404."""

    regex = r"[0-9]{4}-(?:[0-9]{2}|S[0-9]{2})"

    def to_python(self, value: str) -> Period:
        return Period.parse(value)

    def to_url(self, value) -> str:
        return value.slug if isinstance(value, Period) else value


register_converter(PeriodConverter, "period")

app_name = "timesheets"
urlpatterns = [
    path("", views.month, name="month"),
    path("<int:year>/<int:month>/", views.month, name="month"),
    path("semaine/<int:year>/<int:week>/", views.week, name="week"),
    path("<period:period>/cellule/", views.save_cell, name="cell"),
    path("<period:period>/ligne/", views.add_row, name="row"),
    path("<period:period>/copier-veille/", views.copy_day, name="copy_day"),
    path("<period:period>/copier-semaine/", views.copy_week, name="copy_week"),
    path("<period:period>/remplir/", views.fill, name="fill"),
    path("<period:period>/demi-journee/", views.half_day, name="half_day"),
    path("<period:period>/soumettre/", views.submit, name="submit"),
]
