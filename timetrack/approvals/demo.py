"""Demo validation histories: past months validated (some after a round of changes), last month mostly
waiting for the managers, a few sent back — written through the real services, then dated like the
month end they belong to.

The seeded CRAs arrive as ``submitted`` without a route; they go back to draft and through
``submit_timesheet`` so that routes, history and in-app notifications are the product's own. The demo
e-mails nobody: the outbox rows the seed produced are removed.
"""

import random
from datetime import datetime, time, timedelta

from django.db.models import Min
from django.utils import timezone

from timetrack.approvals import services
from timetrack.approvals.models import Action, TimesheetEvent
from timetrack.lib.calendar import month_bounds
from timetrack.notifications.models import Notification, OutboundEmail
from timetrack.orgs.models import Membership, Role
from timetrack.timesheets.models import Timesheet, TimesheetStatus


def seed_validation(org, *, today) -> int:
    """Run the validation of the seeded months of ``org``; returns the number of history rows."""
    rng = random.Random(f"{org.slug}-validation")
    members = {
        m.user_id: m for m in Membership.objects.for_org(org).select_related("organization", "user", "agency")
    }
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    sheets = list(
        Timesheet.objects.for_org(org).filter(status=TimesheetStatus.SUBMITTED).order_by("month", "user_id")
    )
    Timesheet.objects.for_org(org).filter(pk__in=[s.pk for s in sheets]).update(
        status=TimesheetStatus.DRAFT, submitted_at=None
    )
    for sheet in sheets:
        person = members[sheet.user_id]
        if person.role not in (Role.CONSULTANT, Role.MANAGER) or person.manager_id not in members:
            continue
        manager = members[person.manager_id]
        _play(rng, sheet, person, manager, last_month)
    _date_events(org, rng)
    OutboundEmail.objects.for_org(org).delete()  # the demo e-mails nobody
    Notification.objects.for_org(org).filter(created_at__lt=timezone.now() - timedelta(days=3)).update(
        read_at=timezone.now()
    )
    return TimesheetEvent.objects.for_org(org).count()


def _play(rng, sheet, person, manager, last_month) -> None:
    def submit():
        services.submit_timesheet(actor=person, person=person, month=sheet.month)

    submit()
    draw = rng.random()
    if sheet.month == last_month and draw < 0.6:
        return  # waiting for the manager
    if draw < 0.9 or sheet.month < last_month:
        if rng.random() < 0.12:
            services.send_back(
                actor=manager,
                timesheet_id=sheet.pk,
                action=Action.REQUEST_CHANGES,
                comment=rng.choice(
                    ["Il manque la formation du jeudi.", "Merci de préciser le projet du 12."]
                ),
            )
            submit()
        services.approve_timesheet(
            actor=manager, timesheet_id=sheet.pk, comment=rng.choice(["", "", "OK, merci."])
        )
        return
    services.send_back(
        actor=manager,
        timesheet_id=sheet.pk,
        action=Action.REQUEST_CHANGES,
        comment="Les jours de congés ne correspondent pas à la demande validée.",
    )


def _date_events(org, rng) -> None:
    """Give each history row the time it would have had: submitted in the first days after the month
    end, decided a few hours to two days later. History rows are written once by the services; this
    seed-only pass dates them before anyone sees them."""
    events = TimesheetEvent.objects.for_org(org).select_related("timesheet").order_by("timesheet_id", "id")
    moment, current = None, None
    for event in events:
        if event.timesheet_id != current:
            current = event.timesheet_id
            month_end = month_bounds(event.timesheet.month.year, event.timesheet.month.month)[1]
            moment = timezone.make_aware(
                datetime.combine(month_end + timedelta(days=rng.randint(0, 3)), time(rng.randint(8, 18)))
            )
        else:
            moment += timedelta(hours=rng.randint(2, 40))
        moment = min(moment, timezone.now() - timedelta(minutes=5))
        event.at = moment
    TimesheetEvent.objects.bulk_update(list(events), ["at"], batch_size=500)
    for sheet in (
        Timesheet.objects.for_org(org).filter(events__isnull=False).annotate(first=Min("events__at"))
    ):
        last_submit = sheet.events.filter(action=Action.SUBMIT).order_by("-at").first()
        last_approve = sheet.events.filter(action=Action.APPROVE).order_by("-at").first()
        sheet.submitted_at = last_submit.at if last_submit and sheet.status != TimesheetStatus.DRAFT else None
        sheet.validated_at = last_approve.at if sheet.status == TimesheetStatus.VALIDATED else None
        sheet.save(update_fields=["submitted_at", "validated_at"])
