"""Writes on organisations and their members: one function per operation, used by views, API and jobs."""

from django.db import transaction
from django.utils.text import slugify

from timetrack.accounts.models import User
from timetrack.orgs import rules
from timetrack.orgs.models import Agency, Membership, Organization, Role, Team

MEMBER_FIELDS = (
    "role",
    "manager_id",
    "team",
    "agency",
    "job_title",
    "contract_ratio",
    "start_date",
    "end_date",
    "calendar",
    "forfait_jours",
    "is_active",
)
USER_FIELDS = ("first_name", "last_name")
ORG_SETTINGS = (
    "name",
    "time_unit",
    "hours_per_day",
    "default_calendar",
    "working_weekdays",
    "require_complete_month",
    "forfait_days_per_year",
    "budget_warning_percent",
    "budget_critical_percent",
    "margin_target_percent",
)
TEAM_FIELDS = ("name", "agency", "lead")
AGENCY_FIELDS = ("name", "calendar")


def create_organization(*, name: str, owner: User | None = None, **settings) -> Organization:
    with transaction.atomic():
        base = slugify(name)[:70] or "esn"
        slug, n = base, 1
        while Organization.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        org = Organization.objects.create(name=name, slug=slug, **settings)
        if owner is not None:
            Membership.objects.create(organization=org, user=owner, role=Role.ADMIN)
    return org


def _check_member_fields(org, *, user_id, values: dict) -> None:
    rules.check_manager_in_org(org, values.get("manager_id"))
    rules.check_no_manager_cycle(org, user_id, values.get("manager_id"))
    rules.check_dates_ordered(values.get("start_date"), values.get("end_date"))
    rules.check_same_org(org, values.get("team"), field="team", message=rules.TEAM_OTHER_ORG)
    rules.check_same_org(org, values.get("agency"), field="agency", message=rules.AGENCY_OTHER_ORG)


def add_member(
    *,
    org: Organization,
    actor: User | None,
    email: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    **member_values,
) -> Membership:
    """Add a person to ``org``: the user is created if the e-mail is new, else the existing one joins."""
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=password, first_name=first_name, last_name=last_name
            )
        else:
            rules.check_not_member(org, user)
        _check_member_fields(org, user_id=user.pk, values=member_values)
        return Membership.objects.create(organization=org, user=user, **member_values)


def update_member(*, membership: Membership, actor: User | None, **values) -> Membership:
    """Change a member's user fields (names, password) and membership fields, all or nothing."""
    org = membership.organization
    unknown = set(values) - set(MEMBER_FIELDS) - set(USER_FIELDS) - {"password", "email"}
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        merged = {f: getattr(membership, f) for f in MEMBER_FIELDS}
        merged.update({k: v for k, v in values.items() if k in MEMBER_FIELDS})
        _check_member_fields(org, user_id=membership.user_id, values=merged)
        rules.check_keeps_an_admin(membership, new_role=merged["role"], new_active=merged["is_active"])
        for field in MEMBER_FIELDS:
            setattr(membership, field, merged[field])
        membership.save()
        user = membership.user
        user_changed = [f for f in USER_FIELDS if f in values]
        for field in user_changed:
            setattr(user, field, values[field])
        if values.get("email") and values["email"].lower() != user.email:
            _change_email(user, values["email"])
            user_changed.append("email")
        if values.get("password"):
            user.set_password(values["password"])
            user_changed.append("password")
        if user_changed:
            user.save(update_fields=user_changed)
    return membership


def _change_email(user: User, email: str) -> None:
    email = email.lower()
    rules.check_email_changeable(user, email)
    user.email = email


def update_organization(*, org: Organization, actor: User | None, **values) -> Organization:
    """Change the organisation's settings (name, unit, hours per day, default calendar)."""
    _check_known(values, ORG_SETTINGS)
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org.pk)
        for field, value in values.items():
            setattr(org, field, value)
        org.full_clean(exclude=["slug"])
        org.save(update_fields=list(values))
    return org


def _check_known(values: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _check_team(org, values: dict, *, exclude_pk=None) -> None:
    rules.check_name_free(Team.objects, org, values["name"], exclude_pk=exclude_pk)
    rules.check_same_org(org, values.get("agency"), field="agency", message=rules.AGENCY_OTHER_ORG)
    rules.check_lead_in_org(org, values.get("lead"))


def create_team(*, org: Organization, actor: User | None, name: str, agency=None, lead=None) -> Team:
    values = {"name": name.strip(), "agency": agency, "lead": lead}
    with transaction.atomic():
        _check_team(org, values)
        return Team.objects.create(organization=org, **values)


def update_team(*, team: Team, actor: User | None, **values) -> Team:
    _check_known(values, TEAM_FIELDS)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        merged = {f: getattr(team, f) for f in TEAM_FIELDS} | values
        merged["name"] = merged["name"].strip()
        _check_team(team.organization, merged, exclude_pk=team.pk)
        for field, value in merged.items():
            setattr(team, field, value)
        team.save()
    return team


def create_agency(*, org: Organization, actor: User | None, name: str, calendar: str = "FR") -> Agency:
    with transaction.atomic():
        rules.check_name_free(Agency.objects, org, name)
        return Agency.objects.create(organization=org, name=name.strip(), calendar=calendar)


def update_agency(*, agency: Agency, actor: User | None, **values) -> Agency:
    _check_known(values, AGENCY_FIELDS)
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        if "name" in values:
            values["name"] = values["name"].strip()
            rules.check_name_free(Agency.objects, agency.organization, values["name"], exclude_pk=agency.pk)
        for field, value in values.items():
            setattr(agency, field, value)
        agency.save()
    return agency
