from datetime import date

import pytest
import time_machine

from timetrack.tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db
URL = "/projets/mes-missions/"


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


@time_machine.travel(date(2026, 3, 15))
def test_a_consultant_sees_their_own_missions_without_the_daily_rate(login, personas):
    AssignmentFactory(
        person=personas.consultant,
        project__name="Refonte du SI",
        start_date=date(2026, 1, 1),
        daily_rate="98765.00",
    )
    AssignmentFactory(person=personas.consultant, project__name="Plus tard", start_date=date(2026, 6, 1))
    AssignmentFactory(person=personas.colleague, project__name="Pas la mienne")
    content = login(personas.consultant).get(URL).content.decode()
    assert "Refonte du SI" in content and "Plus tard" in content
    assert "Pas la mienne" not in content
    assert "98765" not in content and "98 765" not in content and "98\u202f765" not in content
    assert "En cours" in content and "À venir" in content


def test_it_says_so_when_there_is_none(login, personas):
    assert "aucune mission" in login(personas.consultant).get(URL).content.decode()
