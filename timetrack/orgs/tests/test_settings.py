from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db
URL = "/organisation/parametres/"
VALID = {
    "name": "ESN Alpha SAS",
    "time_unit": "hours",
    "hours_per_day": "7.5",
    "default_calendar": "FR-Alsace-Moselle",
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
