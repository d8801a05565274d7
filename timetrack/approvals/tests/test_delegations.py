"""Delegations: a manager for themselves, an admin for anyone; the delegate acts for the delegator."""

from datetime import date

import pytest
import time_machine

from timetrack.approvals import services
from timetrack.approvals.models import Delegation, TimesheetEvent
from timetrack.timesheets.models import Timesheet, TimesheetStatus

pytestmark = pytest.mark.django_db
LIST = "/parametres/validation/delegations/"
NEW = "/parametres/validation/delegations/nouvelle/"


def test_it_requires_login(client):
    assert client.get(LIST).status_code == 302


@pytest.mark.parametrize("who", ["consultant", "finance"])
def test_it_refuses_consultants_and_finance(personas, login, who):
    web = login(getattr(personas, who))
    assert web.get(LIST).status_code == 403
    assert web.get(NEW).status_code == 403


def test_a_manager_names_a_delegate_for_themselves(personas, login):
    web = login(personas.manager)
    response = web.post(
        NEW, {"delegate": personas.admin.user_id, "start_date": "2026-03-01", "end_date": "2026-03-31"}
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert delegation.delegator == personas.manager.user and delegation.organization == personas.org
    assert "delegator" not in web.get(NEW).context["form"].fields
    assert personas.admin.user.get_full_name() in web.get(LIST).content.decode()


def test_an_admin_names_a_delegate_for_anyone(personas, login):
    response = login(personas.admin).post(
        NEW,
        {
            "delegator": personas.manager.user_id,
            "delegate": personas.colleague.user_id,
            "start_date": "2026-03-01",
            "end_date": "2026-03-31",
        },
    )
    assert response.status_code == 302
    assert Delegation.objects.get().delegator == personas.manager.user


def test_a_manager_cannot_delegate_for_someone_else(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_delegation(
            actor=personas.manager,
            delegator=personas.admin.user,
            delegate=personas.colleague.user,
            start_date=date(2026, 3, 1),
            end_date=date(2026, 3, 2),
        )


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"delegate": "self"}, "delegate", "On ne se délègue pas"),
        ({"start_date": "2026-03-10", "end_date": "2026-03-01"}, "end_date", "La date de fin"),
        ({"delegate": "other"}, "delegate", ""),
    ],
)
def test_it_names_the_faulty_field(personas, login, values, field, message):
    data = {"delegate": personas.admin.user_id, "start_date": "2026-03-01", "end_date": "2026-03-31"}
    data.update(values)
    data["delegate"] = {"self": personas.manager.user_id, "other": personas.other.user_id}.get(
        data["delegate"], data["delegate"]
    )
    response = login(personas.manager).post(NEW, data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Delegation.objects.exists()


def test_overlapping_delegations_are_allowed(personas):
    for delegate in (personas.admin, personas.colleague):
        services.set_delegation(
            actor=personas.manager,
            delegator=personas.manager.user,
            delegate=delegate.user,
            start_date=date(2026, 3, 1),
            end_date=date(2026, 3, 31),
        )
    assert Delegation.objects.count() == 2


@time_machine.travel("2026-03-15 10:00 +0100", tick=False)
def test_ending_a_delegation_stops_it_yesterday_or_removes_a_future_one(personas, login):
    running = services.set_delegation(
        actor=personas.manager,
        delegator=personas.manager.user,
        delegate=personas.admin.user,
        start_date=date(2026, 3, 1),
        end_date=date(2026, 3, 31),
    )
    future = services.set_delegation(
        actor=personas.manager,
        delegator=personas.manager.user,
        delegate=personas.admin.user,
        start_date=date(2026, 4, 1),
        end_date=date(2026, 4, 30),
    )
    web = login(personas.manager)
    assert web.post(f"{LIST}{running.pk}/terminer/").status_code == 302
    assert web.post(f"{LIST}{future.pk}/terminer/").status_code == 302
    running.refresh_from_db()
    assert running.end_date == date(2026, 3, 14)
    assert not Delegation.objects.filter(pk=future.pk).exists()


def test_a_manager_cannot_end_another_managers_delegation(personas, login):
    other_manager = services.set_delegation(
        actor=personas.admin,
        delegator=personas.admin.user,
        delegate=personas.colleague.user,
        start_date=date(2026, 3, 1),
        end_date=date(2026, 3, 31),
    )
    assert login(personas.manager).post(f"{LIST}{other_manager.pk}/terminer/").status_code == 404


def test_another_organisations_delegation_is_a_404(personas, login):
    delegation = services.set_delegation(
        actor=personas.manager,
        delegator=personas.manager.user,
        delegate=personas.admin.user,
        start_date=date(2026, 3, 1),
        end_date=date(2026, 3, 31),
    )
    assert login(personas.other).post(f"{LIST}{delegation.pk}/terminer/").status_code == 404


@time_machine.travel("2026-04-02 10:00 +0200", tick=False)
def test_the_delegate_approves_and_the_history_says_for_whom(personas, flow):
    services.set_delegation(
        actor=personas.manager,
        delegator=personas.manager.user,
        delegate=personas.admin.user,
        start_date=date(2026, 4, 1),
        end_date=date(2026, 4, 10),
    )
    services.submit_timesheet(actor=personas.consultant, person=personas.consultant, month=date(2026, 3, 1))
    sheet = Timesheet.objects.get(user=personas.consultant.user)
    services.approve_timesheet(actor=personas.admin, timesheet_id=sheet.pk)
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.VALIDATED
    event = TimesheetEvent.objects.filter(timesheet=sheet, action="approve").get()
    assert event.actor == personas.admin.user and event.on_behalf_of == personas.manager.user
