"""Reads of activity types, CRAs and entries, always scoped to one organisation."""

from datetime import date

from django.db import IntegrityError, transaction

from timetrack.lib.calendar import month_bounds
from timetrack.timesheets.builtins import BUILTIN_ACTIVITY_TYPES, BUILTIN_CODES
from timetrack.timesheets.models import ActivityType, TimeEntry, Timesheet, renew_activity_types_stamp


def activity_types(org) -> list[ActivityType]:
    """The organisation's activity types; the built-in ones are installed on first use."""
    types = list(ActivityType.objects.for_org(org))
    missing = {row[0] for row in BUILTIN_ACTIVITY_TYPES} - {t.code for t in types if t.is_builtin}
    if not missing:
        return types
    ActivityType.objects.bulk_create(
        [
            ActivityType(
                organization=org,
                code=code,
                name=name,
                kind=kind,
                billable=billable,
                counts_as_leave=leave,
                requires_project=needs_project,
                is_builtin=True,
                position=position,
            )
            for position, (code, name, kind, billable, leave, needs_project) in enumerate(
                BUILTIN_ACTIVITY_TYPES
            )
            if code in missing
        ],
        ignore_conflicts=True,
    )
    org.activity_types_stamp = renew_activity_types_stamp(org.pk)
    return list(ActivityType.objects.for_org(org))


def activity_type_by_code(org, code: str) -> ActivityType | None:
    """One type by its code (one row read); the built-ins are installed if they are not yet."""
    found = ActivityType.objects.for_org(org).filter(code=code).first()
    if found is None and code in BUILTIN_CODES:
        return next((t for t in activity_types(org) if t.code == code), None)
    return found


# Per organisation id: (its activity_types_stamp, {code: type}). Kept by the process between requests.
_TYPES_OF_ORG: dict[int, tuple[object, dict[str, ActivityType]]] = {}


def cached_activity_type(org, code: str) -> ActivityType | None:
    """``activity_type_by_code`` without a query while the organisation's types are unchanged.

    ``org`` must have been read from the database by the current request (the API's token does it):
    its ``activity_types_stamp`` says whether the types this process keeps are still the current ones
    (every write of a type renews it). A code not kept is looked up as usual. The instances are shared
    between requests: read them, never change them.
    """
    kept = _TYPES_OF_ORG.get(org.pk)
    if kept is None or kept[0] != org.activity_types_stamp:
        types = {t.code: t for t in activity_types(org)}  # may install the built-ins, renewing the stamp
        kept = (org.activity_types_stamp, types)
        _TYPES_OF_ORG[org.pk] = kept
    found = kept[1].get(code)
    return found if found is not None else activity_type_by_code(org, code)


def timesheet_for(*, org, user_id: int, month: date) -> Timesheet:
    """The CRA of ``user_id`` for ``month`` (first day), created as a draft when first asked for."""
    month = month.replace(day=1)
    timesheet = Timesheet.objects.for_org(org).filter(user_id=user_id, month=month).first()
    if timesheet is not None:
        return timesheet
    try:
        with transaction.atomic():
            return Timesheet.objects.create(organization=org, user_id=user_id, month=month)
    except IntegrityError:  # created by a concurrent request in the meantime
        return Timesheet.objects.for_org(org).get(user_id=user_id, month=month)


def entries_in_months(org, months: list[date] | None):
    """The entries of ``org`` from the first to the last of ``months`` (first days; every entry when
    None): what a rollup rebuild reads."""
    entries = TimeEntry.objects.for_org(org)
    if months is None:
        return entries
    return entries.filter(
        date__gte=min(months), date__lte=month_bounds(max(months).year, max(months).month)[1]
    )
