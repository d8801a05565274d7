from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db
URL = "/organisation/parametres/"
VALID = {
    "name": "ESN Alpha SAS",
    "time_unit": "hours",
    "hours_per_day": "7.5",
    "default_calendar": "FR-Alsace-Moselle",
    "working_weekdays": ["0", "1", "2", "3", "4"],
    "require_complete_month": "on",
    "forfait_days_per_year": "218",
    "budget_warning_percent": "80",
    "budget_critical_percent": "100",
    "margin_target_percent": "25",
}


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


def test_an_admin_changes_the_settings(login, personas):
    response = login(personas.admin).post(URL, VALID, follow=True)
    assert "Les paramètres de l&#x27;organisation sont enregistrés." in response.content.decode() or (
        "Les paramètres de l'organisation sont enregistrés." in response.content.decode()
    )
    personas.org.refresh_from_db()
    assert personas.org.name == "ESN Alpha SAS"
    assert personas.org.time_unit == "hours"
    assert personas.org.hours_per_day == Decimal("7.50")
    assert personas.org.default_calendar == "FR-Alsace-Moselle"


def test_it_saves_the_working_days_and_the_submission_rule(login, personas):
    data = VALID | {
        "working_weekdays": ["5", "0", "1"],
        "require_complete_month": "",
        "forfait_days_per_year": "210",
    }
    login(personas.admin).post(URL, data)
    personas.org.refresh_from_db()
    assert personas.org.working_weekdays == "015"
    assert personas.org.require_complete_month is False
    assert personas.org.forfait_days_per_year == 210


def test_the_form_shows_the_working_days(login, personas):
    form = login(personas.admin).get(URL).context["form"]
    assert form.initial["working_weekdays"] == ["0", "1", "2", "3", "4"]


def test_it_needs_at_least_one_working_day(login, personas):
    response = login(personas.admin).post(URL, VALID | {"working_weekdays": []})
    assert response.context["form"].errors["working_weekdays"]


def test_it_refuses_more_than_24_hours(login, personas):
    response = login(personas.admin).post(URL, VALID | {"hours_per_day": "25"})
    assert response.status_code == 200
    assert response.context["form"].errors["hours_per_day"]
    assert response.context["org"].name == "ESN Alpha"  # the layout still shows the saved name
    personas.org.refresh_from_db()
    assert personas.org.hours_per_day == Decimal("7.00")


def test_it_changes_only_the_current_organisation(login, personas):
    login(personas.admin).post(URL, VALID)
    personas.other_org.refresh_from_db()
    assert personas.other_org.name == "ESN Bêta"


@pytest.mark.parametrize("persona", ["manager", "finance", "consultant"])
def test_other_roles_are_refused(login, personas, persona):
    client = login(getattr(personas, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, VALID).status_code == 403
