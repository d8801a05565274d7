"""The admin screen of the TACE policy: history, new policy with checkboxes, deleting one not yet in force."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from timetrack.kpis.models import TacePolicy
from timetrack.kpis.tests.test_policy_rules import LEAVE, TODAY, policy, types

pytestmark = pytest.mark.django_db
LIST = reverse("targets:policies")
NEW = reverse("targets:policy_create")


@pytest.fixture(autouse=True)
def mid_april():
    with time_machine.travel(TODAY, tick=False):
        yield


def form(personas, **changes) -> dict:
    org = personas.org
    return {
        "effective_from": "2026-05-01",
        "billable_types": [t.pk for t in types(org, "project", "training")],
        "leave_types": [t.pk for t in types(org, *LEAVE)],
        "note": "",
        **changes,
    }


def test_it_requires_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


@pytest.mark.parametrize("role", ["consultant", "manager", "finance"])
@pytest.mark.parametrize("url", [LIST, NEW])
def test_it_is_forbidden_to_other_roles(personas, login, role, url):
    assert login(getattr(personas, role)).get(url).status_code == 403


def test_it_lists_the_history_of_the_organisation_only(personas, login):
    policy(personas, on=date(2026, 1, 1), leave=("paid_leave", "rtt"), confirm_past=True)
    policy(personas, on=date(2026, 5, 1), billable=("project", "training"), note="Formation facturable")
    TacePolicy.objects.create(organization=personas.other_org, effective_from=date(2026, 6, 1), note="Bêta")
    response = login(personas.admin).get(LIST)
    assert response.status_code == 200
    content = response.content.decode()
    table = content.split('id="tace-policies"')[1]
    assert table.index("1 mai 2026") < table.index("1 janvier 2026")  # newest first
    assert "Formation facturable" in table and "Mission (projet), Formation" in table
    assert "En vigueur" in table and "À venir" in table
    assert "Bêta" not in content and "1 juin 2026" not in content
    # Only the future policy can be deleted.
    assert content.count("/supprimer/") == 1


def test_the_navigation_leads_admins_to_it(personas, login):
    assert f'href="{LIST}"' in login(personas.admin).get(reverse("core:home")).content.decode()
    assert f'href="{LIST}"' not in login(personas.consultant).get(reverse("core:home")).content.decode()


def test_the_form_starts_from_the_sets_in_force_and_next_month(personas, login):
    response = login(personas.admin).get(NEW)
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["effective_from"] == date(2026, 5, 1)
    assert initial["billable_types"] == [t.pk for t in types(personas.org, "project")]
    assert set(initial["leave_types"]) == {t.pk for t in types(personas.org, *LEAVE)}
    content = response.content.decode()
    assert 'type="checkbox" name="billable_types"' in content
    assert "Je confirme que ce changement recalcule les TACE depuis le" in content


def test_it_creates_a_policy(personas, login):
    response = login(personas.admin).post(NEW, form(personas, note="Formation facturable"))
    assert response.status_code == 302
    row = TacePolicy.objects.get()
    assert (row.effective_from, row.note) == (date(2026, 5, 1), "Formation facturable")
    assert {t.code for t in row.billable_types.all()} == {"project", "training"}


def test_a_past_month_asks_for_the_confirmation(personas, login):
    client = login(personas.admin)
    response = client.post(NEW, form(personas, effective_from="2026-03-01"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["confirm_past"]
    content = response.content.decode()
    assert "Je confirme que ce changement recalcule les TACE depuis le 1 mars 2026" in content
    assert not TacePolicy.objects.exists()
    response = client.post(NEW, form(personas, effective_from="2026-03-01", confirm_past="on"))
    assert response.status_code == 302
    assert TacePolicy.objects.get().effective_from == date(2026, 3, 1)


def test_paid_leave_stays_checked(personas, login):
    leave = [t.pk for t in types(personas.org, "rtt", "sick_leave")]
    response = login(personas.admin).post(NEW, form(personas, leave_types=leave))
    assert response.status_code == 200
    assert "leave_types" in response.context["form"].errors
    assert "Les congés payés et les RTT sont toujours retirés du TACE" in response.content.decode()
    assert not TacePolicy.objects.exists()


def test_a_date_other_than_the_1st_is_refused(personas, login):
    response = login(personas.admin).post(NEW, form(personas, effective_from="2026-05-15"))
    assert response.context["form"].errors["effective_from"] == [
        "La date d'entrée en vigueur doit être le 1er d'un mois."
    ]


def test_it_offers_no_activity_type_of_another_organisation(personas, login):
    foreign = types(personas.other_org, "training")[0]
    response = login(personas.admin).post(NEW, form(personas, billable_types=[foreign.pk]))
    assert response.status_code == 200
    assert "billable_types" in response.context["form"].errors
    assert not TacePolicy.objects.exists()


def test_it_deletes_a_future_policy(personas, login):
    row = policy(personas)
    client = login(personas.admin)
    url = reverse("targets:policy_delete", args=[row.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not TacePolicy.objects.exists()


def test_it_keeps_a_policy_in_force(personas, login):
    row = policy(personas, on=date(2026, 4, 1), confirm_past=True)
    response = login(personas.admin).post(reverse("targets:policy_delete", args=[row.pk]), follow=True)
    assert "en vigueur depuis le 1 avril 2026" in response.content.decode()
    assert TacePolicy.objects.filter(pk=row.pk).exists()


def test_another_organisations_policy_is_a_404(personas, login):
    foreign = TacePolicy.objects.create(organization=personas.other_org, effective_from=date(2026, 6, 1))
    client = login(personas.admin)
    url = reverse("targets:policy_delete", args=[foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert TacePolicy.objects.filter(pk=foreign.pk).exists()


def test_it_speaks_english(personas, login):
    personas.admin.user.language = "en"
    personas.admin.user.save()
    content = login(personas.admin).get(LIST).content.decode()
    assert "Utilisation policy" in content
