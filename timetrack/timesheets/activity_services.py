"""Writes on activity types (admins only): the built-ins keep their code, every flag is editable."""

from django.db import transaction

from timetrack.orgs.access import require_admin
from timetrack.orgs.models import Membership
from timetrack.timesheets import activity_rules as rules
from timetrack.timesheets.models import ActivityKind, ActivityType
from timetrack.timesheets.selectors import activity_types

ACTIVITY_FIELDS = ("code", "name", "kind", "billable", "counts_as_leave", "requires_project", "is_active")
# Custom types are listed after the built-ins.
CUSTOM_POSITION = 100


def _check_known(values: dict) -> None:
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def create_activity_type(
    *,
    actor: Membership,
    code: str,
    name: str,
    kind: str = ActivityKind.WORK,
    billable: bool = False,
    counts_as_leave: bool = False,
    requires_project: bool = False,
    is_active: bool = True,
) -> ActivityType:
    require_admin(actor)
    org = actor.organization
    # Installed first, so that a custom type cannot take a built-in code.
    activity_types(org)
    code, name = code.strip().lower(), name.strip()
    with transaction.atomic():
        rules.check_code_free(org, code)
        rules.check_leave_not_billable(billable=billable, counts_as_leave=counts_as_leave)
        return ActivityType.objects.create(
            organization=org,
            code=code,
            name=name,
            kind=kind,
            billable=billable,
            counts_as_leave=counts_as_leave,
            requires_project=requires_project,
            is_active=is_active,
            position=CUSTOM_POSITION,
        )


def update_activity_type(*, actor: Membership, activity_type: ActivityType, **values) -> ActivityType:
    require_admin(actor)
    _check_known(values)
    if activity_type.organization_id != actor.organization_id:
        raise ActivityType.DoesNotExist
    with transaction.atomic():
        activity_type = ActivityType.objects.select_for_update().get(pk=activity_type.pk)
        merged = {f: getattr(activity_type, f) for f in ACTIVITY_FIELDS} | values
        merged["code"], merged["name"] = merged["code"].strip().lower(), merged["name"].strip()
        rules.check_builtin_code_kept(activity_type, merged["code"])
        rules.check_builtin_project_requirement_kept(activity_type, merged["requires_project"])
        rules.check_code_free(activity_type.organization, merged["code"], exclude_pk=activity_type.pk)
        rules.check_leave_not_billable(billable=merged["billable"], counts_as_leave=merged["counts_as_leave"])
        for field, value in merged.items():
            setattr(activity_type, field, value)
        activity_type.save()
    return activity_type
