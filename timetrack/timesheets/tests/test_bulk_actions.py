"""The grid's one-click actions: copy the previous day or week, fill the month, half a day of absence, submit.

Each is one service building Cells for save_entries; the services hold the rules, the views are adapters.
"""

from datetime import date
from decimal import Decimal

import pytest

from timetrack.lib.errors import DomainError, StateConflict
from timetrack.timesheets import services
from timetrack.timesheets.models import TimeEntry, TimesheetStatus
from timetrack.timesheets.selectors import activity_type_by_code, timesheet_for
from timetrack.timesheets.services import Cell, save_entries

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def put(cra, day, quantity, code="project", comment=""):
    person = cra.p.consultant
    project = cra.project if code == "project" else None
    cell = Cell(day, cra.types[code], project, Decimal(quantity), "days", comment)
    save_entries(actor=person, person=person, cells=[cell])


def days_of(cra, day) -> dict[str, Decimal]:
    """The entries of ``day`` as {activity code: days}."""
    entries = TimeEntry.objects.filter(date=day).select_related("activity_type")
    return {e.activity_type.code: e.hours / cra.org.hours_per_day for e in entries}


def row(cra, code="project") -> str:
    return f"{cra.types[code].pk}-{cra.project.pk if code == 'project' else 0}"


def me(cra):
    return {"actor": cra.p.consultant, "person": cra.p.consultant}


def lock(cra, month):
    sheet = timesheet_for(org=cra.org, user_id=cra.p.consultant.user_id, month=month)
    sheet.status = TimesheetStatus.SUBMITTED
    sheet.save()


# --- Copy the previous day -----------------------------------------------------------------------------
def test_it_copies_the_previous_day(cra):
    put(cra, date(2026, 3, 2), "0.5")
    put(cra, date(2026, 3, 2), "0.5", code="training")
    services.copy_previous_day(**me(cra), day=date(2026, 3, 3))
    assert days_of(cra, date(2026, 3, 3)) == {"project": 1 / Decimal(2), "training": 1 / Decimal(2)}


def test_the_copied_day_replaces_what_the_day_held(cra):
    put(cra, date(2026, 3, 2), "1")
    put(cra, date(2026, 3, 3), "1", code="training")
    services.copy_previous_day(**me(cra), day=date(2026, 3, 3))
    assert days_of(cra, date(2026, 3, 3)) == {"project": 1}


def test_on_a_monday_it_copies_the_friday(cra):
    put(cra, date(2026, 3, 6), "1")
    services.copy_previous_day(**me(cra), day=date(2026, 3, 9))
    assert days_of(cra, date(2026, 3, 9)) == {"project": 1}


def test_after_a_public_holiday_it_copies_the_last_working_day(cra):
    put(cra, date(2026, 4, 3), "1")  # Friday before Easter Monday (6 April)
    services.copy_previous_day(**me(cra), day=date(2026, 4, 7))
    assert days_of(cra, date(2026, 4, 7)) == {"project": 1}


def test_it_keeps_the_comment_of_a_half_day(cra):
    put(cra, date(2026, 3, 2), "0.5", code="paid_leave", comment="Matin")
    services.copy_previous_day(**me(cra), day=date(2026, 3, 3))
    assert TimeEntry.objects.get(date=date(2026, 3, 3)).comment == "Matin"


def test_copying_an_empty_day_is_refused(cra):
    with pytest.raises(DomainError, match="Rien à copier : aucune saisie le lundi 2 mars"):
        services.copy_previous_day(**me(cra), day=date(2026, 3, 3))


def test_copying_into_a_locked_month_is_refused(cra):
    put(cra, date(2026, 3, 31), "1")
    lock(cra, date(2026, 4, 1))
    with pytest.raises(StateConflict):
        services.copy_previous_day(**me(cra), day=date(2026, 4, 1))
    assert not TimeEntry.objects.filter(date=date(2026, 4, 1)).exists()


# --- Copy the previous week ----------------------------------------------------------------------------
def test_it_copies_the_previous_week_day_by_day(cra):
    for day, code in ((2, "project"), (3, "training"), (4, "project"), (5, "project"), (6, "paid_leave")):
        put(cra, date(2026, 3, day), "1", code=code)
    services.copy_previous_week(**me(cra), day=date(2026, 3, 11))
    copied = {day: days_of(cra, date(2026, 3, day)) for day in range(9, 16)}
    assert copied == {
        9: {"project": 1},
        10: {"training": 1},
        11: {"project": 1},
        12: {"project": 1},
        13: {"paid_leave": 1},
        14: {},
        15: {},
    }


def test_a_day_with_an_empty_source_is_left_as_it_was(cra):
    put(cra, date(2026, 3, 2), "1")
    put(cra, date(2026, 3, 10), "1", code="training")
    services.copy_previous_week(**me(cra), day=date(2026, 3, 9))
    assert days_of(cra, date(2026, 3, 10)) == {"training": 1}


def test_a_public_holiday_of_the_target_week_stays_empty(cra):
    for day in range(30, 32):
        put(cra, date(2026, 3, day), "1")
    for day in range(1, 4):
        put(cra, date(2026, 4, day), "1")
    services.copy_previous_week(**me(cra), day=date(2026, 4, 6))
    assert days_of(cra, date(2026, 4, 6)) == {}  # Easter Monday
    assert days_of(cra, date(2026, 4, 7)) == {"project": 1}


def test_copying_an_empty_week_is_refused(cra):
    with pytest.raises(DomainError, match="semaine précédente est vide"):
        services.copy_previous_week(**me(cra), day=date(2026, 3, 11))


def test_a_copy_onto_days_outside_the_assignment_is_refused_as_a_whole(cra):
    for day in range(2, 7):
        put(cra, date(2026, 3, day), "1")
    cra.assignment.end_date = date(2026, 3, 11)
    cra.assignment.save()
    with pytest.raises(DomainError, match="affecté"):
        services.copy_previous_week(**me(cra), day=date(2026, 3, 9))
    assert not TimeEntry.objects.filter(date__gte=date(2026, 3, 9)).exists()


# --- Fill the month ------------------------------------------------------------------------------------
def test_it_fills_every_worked_empty_day_of_the_month(cra):
    put(cra, date(2026, 4, 1), "1", code="training")
    entries = services.fill_month(
        **me(cra), month=date(2026, 4, 1), activity_type=cra.types["project"], project=cra.project
    )
    assert len(entries) == 20  # 22 working days in April 2026 (Easter Monday off), one already filled
    assert not TimeEntry.objects.filter(date=date(2026, 4, 6)).exists()
    assert not TimeEntry.objects.filter(date=date(2026, 4, 4)).exists()
    assert days_of(cra, date(2026, 4, 1)) == {"training": 1}
    assert days_of(cra, date(2026, 4, 30)) == {"project": 1}


def test_a_mission_fills_only_the_days_of_its_assignment(cra):
    cra.assignment.start_date = date(2026, 4, 20)
    cra.assignment.save()
    entries = services.fill_month(
        **me(cra), month=date(2026, 4, 1), activity_type=cra.types["project"], project=cra.project
    )
    assert [e.date.day for e in entries] == [20, 21, 22, 23, 24, 27, 28, 29, 30]


def test_an_activity_fills_the_month_too(cra):
    bench = activity_type_by_code(cra.org, "bench")
    entries = services.fill_month(**me(cra), month=date(2026, 2, 1), activity_type=bench)
    assert len(entries) == 20


def test_in_hours_the_month_is_filled_with_the_organisations_day(cra):
    cra.org.time_unit = "hours"
    cra.org.hours_per_day = Decimal("7.5")
    cra.org.save()
    cra.p.consultant.refresh_from_db()
    services.fill_month(**me(cra), month=date(2026, 2, 1), activity_type=cra.types["training"])
    assert set(TimeEntry.objects.values_list("hours", flat=True)) == {Decimal("7.5")}


def test_a_full_month_has_nothing_to_fill(cra):
    services.fill_month(**me(cra), month=date(2026, 2, 1), activity_type=cra.types["training"])
    with pytest.raises(DomainError, match="Aucun jour ouvré vide à remplir"):
        services.fill_month(**me(cra), month=date(2026, 2, 1), activity_type=cra.types["training"])


def test_a_locked_month_cannot_be_filled(cra):
    lock(cra, date(2026, 2, 1))
    with pytest.raises(StateConflict):
        services.fill_month(**me(cra), month=date(2026, 2, 1), activity_type=cra.types["training"])
    assert not TimeEntry.objects.exists()


# --- Half a day of absence -----------------------------------------------------------------------------
def test_half_a_day_of_leave_on_an_empty_day(cra):
    services.add_half_day_absence(
        **me(cra), day=date(2026, 3, 2), activity_type=cra.types["paid_leave"], half="morning"
    )
    entry = TimeEntry.objects.get()
    assert (entry.hours, entry.comment) == (Decimal("3.5"), "Matin")


def test_half_a_day_of_leave_halves_a_full_day_of_work(cra):
    put(cra, date(2026, 3, 2), "1")
    services.add_half_day_absence(
        **me(cra), day=date(2026, 3, 2), activity_type=cra.types["paid_leave"], half="afternoon"
    )
    assert days_of(cra, date(2026, 3, 2)) == {"project": Decimal("0.5"), "paid_leave": Decimal("0.5")}


def test_the_morning_and_the_afternoon_make_a_day(cra):
    for half in ("morning", "afternoon"):
        services.add_half_day_absence(
            **me(cra), day=date(2026, 3, 2), activity_type=cra.types["paid_leave"], half=half
        )
    entry = TimeEntry.objects.get()
    assert (entry.hours, entry.comment) == (Decimal("7"), "Matin, Après-midi")


def test_the_same_half_day_twice_is_refused(cra):
    kwargs = {"day": date(2026, 3, 2), "activity_type": cra.types["paid_leave"], "half": "morning"}
    services.add_half_day_absence(**me(cra), **kwargs)
    with pytest.raises(DomainError, match="déjà saisie"):
        services.add_half_day_absence(**me(cra), **kwargs)


def test_a_half_day_must_be_an_absence(cra):
    with pytest.raises(DomainError, match="type d'absence"):
        services.add_half_day_absence(
            **me(cra), day=date(2026, 3, 2), activity_type=cra.types["training"], half="morning"
        )


def test_a_half_day_on_a_day_full_of_absence_is_refused(cra):
    put(cra, date(2026, 3, 2), "1", code="paid_leave")
    rtt = activity_type_by_code(cra.org, "rtt")
    with pytest.raises(DomainError, match="maximum"):
        services.add_half_day_absence(**me(cra), day=date(2026, 3, 2), activity_type=rtt, half="morning")
    assert days_of(cra, date(2026, 3, 2)) == {"paid_leave": 1}


def test_a_quarter_day_of_work_of_a_7_5_hour_day_stays_exact(cra):
    cra.org.hours_per_day = Decimal("7.5")
    cra.org.save()
    cra.p.consultant.refresh_from_db()
    put(cra, date(2026, 3, 2), "0.75")
    put(cra, date(2026, 3, 2), "0.25", code="training")
    services.add_half_day_absence(
        **me(cra), day=date(2026, 3, 2), activity_type=cra.types["paid_leave"], half="morning"
    )
    assert days_of(cra, date(2026, 3, 2)) == {
        "project": Decimal("0.25"),
        "training": Decimal("0.25"),
        "paid_leave": Decimal("0.5"),
    }


# --- Through the grid ----------------------------------------------------------------------------------
def test_copy_the_previous_day_answers_the_refreshed_grid(login, cra):
    put(cra, date(2026, 3, 2), "1")
    response = login(cra.p.consultant).post("/cra/2026-03/copier-veille/", {"day": "2026-03-03"}, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.startswith('<div id="cra-body">')
    assert f'id="g-{row(cra)}-2026-03-03" value="1"' in content
    assert "La journée du mardi 3 mars est recopiée." in content
    assert '<div id="cra-alert" aria-live="polite" hx-swap-oob="true">' in content


def test_a_refused_action_answers_the_alert_only(login, cra):
    response = login(cra.p.consultant).post("/cra/2026-03/copier-veille/", {"day": "2026-03-03"}, **HTMX)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#cra-alert"
    assert "Rien à copier : aucune saisie le lundi 2 mars." in response.content.decode()


def test_without_htmx_an_action_redirects_with_a_message(login, cra):
    client = login(cra.p.consultant)
    response = client.post("/cra/2026-03/copier-veille/", {"day": "2026-03-03"})
    assert response.status_code == 302
    assert response["Location"] == "/cra/2026/3/"
    assert "Rien à copier" in client.get(response["Location"]).content.decode()


def test_copy_the_previous_week_from_the_week_view(login, cra):
    put(cra, date(2026, 3, 2), "1")
    response = login(cra.p.consultant).post("/cra/2026-S11/copier-semaine/", {"day": "2026-03-09"}, **HTMX)
    assert response.status_code == 200
    assert f'id="g-{row(cra)}-2026-03-09" value="1"' in response.content.decode()


def test_fill_the_month_with_a_mission(login, cra):
    response = login(cra.p.consultant).post("/cra/2026-04/remplir/", {"row": row(cra)}, **HTMX)
    assert response.status_code == 200
    assert "21 jour(s) rempli(s)." in response.content.decode()
    assert TimeEntry.objects.count() == 21


def test_fill_refuses_a_week(login, cra):
    response = login(cra.p.consultant).post("/cra/2026-S11/remplir/", {"row": row(cra)}, **HTMX)
    assert response.status_code == 404


def test_half_a_day_through_the_grid(login, cra):
    data = {"day": "2026-03-02", "absence": cra.types["paid_leave"].pk, "half": "afternoon"}
    response = login(cra.p.consultant).post("/cra/2026-03/demi-journee/", data, **HTMX)
    assert response.status_code == 200
    assert "Demi-journée de « Congés payés » ajoutée le lundi 2 mars." in response.content.decode()
    assert TimeEntry.objects.get().comment == "Après-midi"


def test_a_manager_fills_a_team_members_month(login, cra):
    url = f"/cra/2026-04/remplir/?user={cra.p.consultant.user_id}"
    assert login(cra.p.manager).post(url, {"row": row(cra)}, **HTMX).status_code == 200
    assert set(TimeEntry.objects.values_list("user_id", flat=True)) == {cra.p.consultant.user_id}


def test_a_colleague_cannot_act_on_someone_elses_month(login, cra):
    put(cra, date(2026, 3, 2), "1")
    url = f"/cra/2026-03/copier-veille/?user={cra.p.consultant.user_id}"
    assert login(cra.p.colleague).post(url, {"day": "2026-03-03"}, **HTMX).status_code == 403
    assert TimeEntry.objects.count() == 1


# --- Submit --------------------------------------------------------------------------------------------
def test_an_incomplete_month_is_not_submitted_and_the_missing_days_are_shown(login, cra):
    put(cra, date(2026, 2, 2), "1")
    response = login(cra.p.consultant).post("/cra/2026-02/soumettre/", **HTMX)
    content = response.content.decode()
    assert response.status_code == 400
    assert "19 jour(s) ouvré(s) non rempli(s)" in content
    assert "Jours à remplir : mar 3, mer 4" in content
    sheet = timesheet_for(org=cra.org, user_id=cra.p.consultant.user_id, month=date(2026, 2, 1))
    assert sheet.status == TimesheetStatus.DRAFT


def test_a_complete_month_is_submitted_and_then_read_only(login, cra):
    services.fill_month(
        **me(cra), month=date(2026, 2, 1), activity_type=cra.types["project"], project=cra.project
    )
    client = login(cra.p.consultant)
    response = client.post("/cra/2026-02/soumettre/", **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/cra/2026/2/"
    page = client.get("/cra/2026/2/").content.decode()
    assert "est soumis : il n&#x27;est plus modifiable" in page
    assert "lecture seule" in page
    assert "Soumettre le mois" not in page


def test_a_week_is_not_submitted(login, cra):
    assert login(cra.p.consultant).post("/cra/2026-S10/soumettre/", **HTMX).status_code == 404


def test_submitting_twice_is_a_conflict(login, cra):
    services.fill_month(**me(cra), month=date(2026, 2, 1), activity_type=cra.types["training"])
    client = login(cra.p.consultant)
    client.post("/cra/2026-02/soumettre/", **HTMX)
    assert client.post("/cra/2026-02/soumettre/", **HTMX).status_code == 409
