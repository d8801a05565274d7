"""The dashboards put each actual TACE next to its target, coloured, and the current month's forecast."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from timetrack.kpis.services import set_target
from timetrack.kpis.tests.test_dashboards import APRIL_QUERY, ORG_URL, TEAM_URL, alone, brief_month
from timetrack.kpis.tests.test_forecast import FUTURE, PAST, TODAY, enter, staff

pytestmark = pytest.mark.django_db
JAN = date(2026, 1, 1)
MAY_4 = date(2026, 5, 4)


@pytest.fixture(autouse=True)
def mid_april():
    with time_machine.travel(TODAY, tick=False):
        yield


def target(personas, value, **scope):
    return set_target(actor=personas.admin, target=Decimal(value), effective_from=JAN, **scope)


def month_card(content: str) -> str:
    return content.split('id="tace-cards"')[1].split('class="col-sm-6 col-lg-3"')[1]


def test_the_month_card_shows_the_target_and_the_above_colour(personas, login):
    alone(personas)
    brief_month(personas.consultant)
    target(personas, "85")
    with time_machine.travel(MAY_4, tick=False):  # April is over: its card counts the whole month
        content = login(personas.admin).get(ORG_URL, APRIL_QUERY).content.decode()
    card = month_card(content)
    assert "Objectif : 85,00 %" in card
    assert re.search(r'class="text-nowrap tace text-success"[^>]*>89,47 %<', card)


def test_no_target_no_colour(personas, login):
    alone(personas)
    brief_month(personas.consultant)
    response = login(personas.admin).get(ORG_URL, APRIL_QUERY)
    card = month_card(response.content.decode())
    assert "Objectif" not in card and "text-success" not in card
    assert response.context["board"].cards[0].rating is None


def test_a_person_target_makes_them_below_in_the_ranking(personas, login):
    alone(personas)
    brief_month(personas.consultant)
    target(personas, "85")
    target(personas, "95", user=personas.consultant.user)
    response = login(personas.admin).get(ORG_URL, APRIL_QUERY)
    row = response.context["board"].people[0]
    assert row.member == personas.consultant
    assert (row.target, row.rating) == (Decimal("95"), "below")  # 89.47 is more than 5 points under 95
    ranking = response.content.decode().split('id="ranking"')[1]
    assert ">Objectif<" in ranking and "95,00 %" in ranking
    assert re.search(r'class="text-nowrap tace text-danger"[^>]*>89,47 %<', ranking)
    assert response.context["board"].cards[0].rating == "above"  # the organisation's 85 on the card


def test_the_team_dashboard_has_the_targets_at_a_glance(personas, login):
    brief_month(personas.consultant)
    target(personas, "90")
    with time_machine.travel(MAY_4, tick=False):
        response = login(personas.manager).get(TEAM_URL, APRIL_QUERY)
    glance = response.content.decode().split('id="glance"')[1].split('id="trend')[0]
    assert ">Objectif<" in glance and "90,00 %" in glance
    assert re.search(r'class="text-nowrap tace text-warning"[^>]*>89,47 %<', glance)  # near


def test_the_month_card_shows_the_forecast(personas, login):
    alone(personas)
    alice = personas.consultant
    mission = staff(alice)
    enter(alice, PAST[:9], "project", assignment=mission)
    enter(alice, PAST[9:], "bench")
    enter(alice, FUTURE[7:9], "paid_leave")  # 27 and 28 April
    content = login(personas.admin).get(ORG_URL, APRIL_QUERY).content.decode()
    # 9 × 7 entered + 9 × 7 projected (11 days ahead − 2 of CP) = 126 over 147 − 14 = 133
    assert "Prévision fin de mois : 94,74 %" in month_card(content)


def test_no_forecast_for_a_past_month(personas, login):
    brief_month(personas.consultant)
    response = login(personas.admin).get(
        ORG_URL, {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}
    )
    assert response.context["board"].cards[0].forecast is None
    assert "Prévision fin de mois" not in response.content.decode()


def test_the_consultant_sees_their_target_and_forecast(personas, login):
    alice = personas.consultant
    mission = staff(alice)
    enter(alice, PAST[:9], "project", assignment=mission)
    enter(alice, PAST[9:], "bench")
    enter(alice, FUTURE[7:9], "paid_leave")
    target(personas, "85")
    target(personas, "80", user=alice.user)
    client = login(alice)
    for url in (reverse("core:home"), reverse("kpis:me")):
        content = client.get(url).content.decode()
        assert "Objectif : 80,00 %" in content, url
        assert "Prévision fin de mois : 94,74 %" in content, url
