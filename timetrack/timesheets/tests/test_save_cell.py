"""Auto-save of one cell: the htmx endpoint answers the cell and, out of band, what the save changed."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from timetrack.tests.factories import ProjectFactory
from timetrack.timesheets.models import TimeEntry, TimesheetStatus
from timetrack.timesheets.selectors import timesheet_for
from timetrack.timesheets.services import Cell, save_entries

pytestmark = pytest.mark.django_db
URL = "/cra/2026-03/cellule/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def row(cra, code="project") -> str:
    return f"{cra.types[code].pk}-{cra.project.pk if code == 'project' else 0}"


def post(client, cra, value, *, day="2026-03-02", code="project", url=URL, **extra):
    data = {"day": day, "row": row(cra, code), "value": value, **extra}
    return client.post(url, data, **HTMX)


def hours(cra) -> list[Decimal]:
    return list(TimeEntry.objects.order_by("date", "id").values_list("hours", flat=True))


def test_it_requires_login(client, cra):
    assert post(client, cra, "1")["Location"].startswith("/comptes/connexion/")


def test_it_only_accepts_post(login, cra):
    assert login(cra.p.consultant).get(URL).status_code == 405


@pytest.mark.parametrize("typed", ["0,5", "0.5", " 0,5 "])
def test_it_saves_a_cell_typed_with_a_comma_or_a_dot(login, cra, typed):
    response = post(login(cra.p.consultant), cra, typed)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.startswith('<input type="text" inputmode="decimal"')
    assert f'id="g-{row(cra)}-2026-03-02" value="0,5"' in content
    assert hours(cra) == [Decimal("3.5")]


def test_it_answers_the_totals_and_the_other_layout_out_of_band(login, cra):
    content = post(login(cra.p.consultant), cra, "1").content.decode()
    assert f'<span id="rt-{row(cra)}" hx-swap-oob="true">1</span>' in content
    assert '<span id="dt-2026-03-02" class="cra-day-total" hx-swap-oob="true">1</span>' in content
    assert 'id="ldt-2026-03-02"' in content
    assert '<span id="wt-2026-10" class="fw-semibold" hx-swap-oob="true">1</span>' in content
    assert '<span id="pt" class="fw-semibold" hx-swap-oob="true">1</span>' in content
    assert f'<div class="cra-mcell mb-2" id="l-{row(cra)}-2026-03-02" hx-swap-oob="true">' in content
    assert '<div id="cra-missing" hx-swap-oob="true">' in content
    assert "21 jours ouvrés à remplir" in content


def test_the_phone_layout_gets_its_own_cell_back(login, cra):
    content = post(login(cra.p.consultant), cra, "1", view="list").content.decode()
    assert content.startswith(f'<div class="cra-mcell mb-2" id="l-{row(cra)}-2026-03-02">')
    assert f'id="g-{row(cra)}-2026-03-02" value="1"' in content  # the grid's twin, out of band


def test_an_empty_cell_clears_the_entry(login, cra):
    client = login(cra.p.consultant)
    post(client, cra, "1")
    response = post(client, cra, "")
    assert response.status_code == 200
    assert not TimeEntry.objects.exists()


def test_saving_a_cell_twice_keeps_one_entry(login, cra):
    client = login(cra.p.consultant)
    post(client, cra, "0,5")
    post(client, cra, "1")
    assert hours(cra) == [Decimal("7")]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Saisissez un nombre, par exemple 0,5 ou 1."),
        ("0,3", "En jours, la saisie se fait par quart de journée (0,25 ; 0,5 ; 0,75 ; 1)."),
        ("-1", "La quantité ne peut pas être négative."),
        ("1e9", "Saisissez un nombre, par exemple 0,5 ou 1."),
    ],
)
def test_a_refused_value_keeps_what_was_typed_and_says_why(login, cra, typed, message):
    response = post(login(cra.p.consultant), cra, typed)
    content = response.content.decode()
    assert response.status_code == 400
    assert f'value="{typed}"' in content
    assert "is-invalid" in content
    assert f'title="{message}"'.replace("'", "&#x27;") in content
    assert '<div id="cra-alert" aria-live="polite" hx-swap-oob="true">' in content
    assert "hx-post=" in content  # the user can retry
    assert not TimeEntry.objects.exists()


def test_it_refuses_more_than_a_day_in_a_day(login, cra):
    client = login(cra.p.consultant)
    post(client, cra, "1")
    response = post(client, cra, "0,5", code="training")
    assert response.status_code == 400
    assert "Le total de la journée dépasserait le maximum autorisé (1 jour)." in response.content.decode()
    assert hours(cra) == [Decimal("7")]


def test_it_refuses_project_work_outside_the_assignment(login, cra):
    cra.assignment.end_date = date(2026, 3, 15)
    cra.assignment.save()
    response = post(login(cra.p.consultant), cra, "1", day="2026-03-20")
    content = response.content.decode()
    assert response.status_code == 400
    assert "affecté(e) à ce projet à cette date" in content
    assert 'value="1"' in content
    assert not TimeEntry.objects.exists()


def test_a_locked_month_refuses_the_save_with_a_conflict(login, cra):
    sheet = timesheet_for(org=cra.org, user_id=cra.p.consultant.user_id, month=date(2026, 3, 1))
    sheet.status = TimesheetStatus.SUBMITTED
    sheet.save()
    response = post(login(cra.p.consultant), cra, "1")
    content = response.content.decode()
    assert response.status_code == 409
    assert "Ce CRA est soumis ou validé : il ne peut plus être modifié." in content
    assert 'value="1"' in content
    assert "readonly" in content
    assert not TimeEntry.objects.exists()


def test_a_day_outside_the_shown_period_is_refused(login, cra):
    response = post(login(cra.p.consultant), cra, "1", day="2026-04-01")
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#cra-alert"
    assert "appartient pas à la période affichée" in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_the_week_view_saves_through_its_own_period(login, cra):
    response = post(login(cra.p.consultant), cra, "1", url="/cra/2026-S10/cellule/", day="2026-03-08")
    assert response.status_code == 200
    assert (
        '<span id="wt-2026-10" class="fw-semibold" hx-swap-oob="true">1</span>' in response.content.decode()
    )
    assert hours(cra) == [Decimal("7")]


def test_a_row_added_on_screen_saves_its_first_cell(login, cra):
    client = login(cra.p.consultant)
    added = client.get(f"/cra/2026-03/ligne/?row={row(cra, 'training')}", **HTMX)
    assert added.status_code == 200
    content = added.content.decode()
    assert content.startswith(f'<tr data-row="{row(cra, "training")}">')
    phone_cell = f'<div class="cra-mcell mb-2" id="l-{row(cra, "training")}-2026-03-02">'
    assert f'<div hx-swap-oob="beforeend:#lc-2026-03-02">{phone_cell}' in content
    assert post(client, cra, "0,5", code="training").status_code == 200
    assert hours(cra) == [Decimal("3.5")]


def test_a_row_of_a_project_the_person_is_not_on_cannot_be_added(login, cra):
    other = ProjectFactory(organization=cra.org)
    response = login(cra.p.consultant).get(f"/cra/2026-03/ligne/?row={cra.types['project'].pk}-{other.pk}")
    assert response.status_code == 404


def test_a_manager_saves_for_a_team_member(login, cra):
    url = f"{URL}?user={cra.p.consultant.user_id}"
    response = post(login(cra.p.manager), cra, "1", url=url)
    assert response.status_code == 200
    assert f"/cra/2026-03/cellule/?user={cra.p.consultant.user_id}" in response.content.decode()
    assert TimeEntry.objects.get().user_id == cra.p.consultant.user_id


def test_a_consultant_cannot_save_for_a_colleague(login, cra):
    response = post(login(cra.p.colleague), cra, "1", url=f"{URL}?user={cra.p.consultant.user_id}")
    assert response.status_code == 403
    assert not TimeEntry.objects.exists()


def test_another_organisations_project_is_not_found(login, cra):
    foreign = ProjectFactory(organization=cra.p.other_org)
    data = {"day": "2026-03-02", "row": f"{cra.types['project'].pk}-{foreign.pk}", "value": "1"}
    assert login(cra.p.consultant).post(URL, data, **HTMX).status_code == 404
    assert not TimeEntry.objects.exists()


def test_a_save_answers_the_forfait_counter(login, cra):
    person = cra.p.consultant
    person.forfait_jours = True
    person.save()
    content = post(login(person), cra, "1").content.decode()
    assert '<div id="cra-forfait" hx-swap-oob="true">' in content
    assert "Forfait-jours 2026" in content


def test_in_hours_a_cell_is_typed_in_hours(login, cra):
    cra.org.time_unit = "hours"
    cra.org.save()
    response = post(login(cra.p.consultant), cra, "7,5")
    assert response.status_code == 200
    assert 'value="7,5"' in response.content.decode()
    assert hours(cra) == [Decimal("7.5")]


def test_a_save_leaves_the_other_cells_of_the_day_alone(login, cra):
    person = cra.p.consultant
    save_entries(
        actor=person,
        person=person,
        cells=[Cell(date(2026, 3, 2), cra.types["training"], None, Decimal("0.5"), "days")],
    )
    post(login(person), cra, "0,5")
    assert hours(cra) == [Decimal("3.5"), Decimal("3.5")]


class _TopLevelText(HTMLParser):
    """The text outside any element: htmx would put it next to the swapped cell."""

    VOID = {"input", "br", "img", "hr", "meta", "link"}

    def __init__(self):
        super().__init__()
        self.depth, self.text = 0, ""

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.text += data


@pytest.mark.parametrize("view", ["grid", "list"])
def test_the_answer_holds_nothing_but_elements(login, cra, view):
    parser = _TopLevelText()
    parser.feed(post(login(cra.p.consultant), cra, "1", view=view).content.decode())
    assert parser.text.strip() == ""


def test_a_save_costs_a_bounded_number_of_queries(login, cra, django_assert_max_num_queries):
    client = login(cra.p.consultant)
    post(client, cra, "1")
    person = cra.p.consultant
    cells = [
        Cell(date(2026, 3, day), cra.types["training"], None, Decimal("0.5"), "days") for day in range(3, 32)
    ]
    save_entries(actor=person, person=person, cells=cells)
    # 18 for the CRA, + 3 to keep the project's rollup valued (the person's rates, one upsert), + 1 on
    # PostgreSQL to wait for a rate change of the same person under way (an advisory lock)
    with django_assert_max_num_queries(22):
        assert post(client, cra, "0,5").status_code == 200
