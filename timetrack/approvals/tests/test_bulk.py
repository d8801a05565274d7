"""Bulk approval: each CRA in its own transaction, one report of what passed and what did not."""

import pytest

from timetrack.approvals.tests.helpers import filled_consultant, submit
from timetrack.timesheets.models import Timesheet

pytestmark = pytest.mark.django_db
URL = "/validation/lot/"


def test_it_approves_a_selection(flow, login):
    sheets = [submit(flow.p.consultant), filled_consultant(flow.p, "carol@alpha.test")]
    response = login(flow.p.manager).post(URL, {"ids": [s.pk for s in sheets]}, follow=True)
    assert "2 validé(s), 0 refusé(s)" in response.content.decode()
    assert set(Timesheet.objects.filter(pk__in=[s.pk for s in sheets]).values_list("status", flat=True)) == {
        "validated"
    }


def test_it_reports_the_approved_and_the_refused(flow, login):
    first, second = submit(flow.p.consultant), filled_consultant(flow.p, "carol@alpha.test")
    client = login(flow.p.manager)
    client.post(f"/validation/{second.pk}/approuver/")  # processed meanwhile
    response = client.post(URL, {"ids": [first.pk, second.pk]}, follow=True)
    html = response.content.decode()
    assert "1 validé(s), 1 refusé(s)" in html
    assert "déjà traité" in html
    assert Timesheet.objects.get(pk=first.pk).status == "validated"


def test_another_organisations_cra_is_refused_not_approved(flow, login):
    sheet = submit(flow.p.consultant)
    response = login(flow.p.other).post(URL, {"ids": [sheet.pk, "abc"]}, follow=True)
    assert "0 validé(s), 2 refusé(s)" in response.content.decode()
    assert Timesheet.objects.get(pk=sheet.pk).status == "submitted"


def test_an_empty_selection_asks_for_one(flow, login):
    response = login(flow.p.manager).post(URL, {}, follow=True)
    assert "Sélectionnez au moins un CRA." in response.content.decode()
