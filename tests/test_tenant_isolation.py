"""Walk every route of the product as the admin of another organisation: every object of org A is a 404.

A new route that takes an object key must be added to OBJECT_ROUTES (or, with a reason, to
NOT_OBJECT_ROUTES): the walker fails on any route it does not know, so isolation cannot be forgotten.
"""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from timetrack.accounts.models import ApiToken
from timetrack.accounts.services import issue_token
from timetrack.approvals.models import Delegation, Workflow
from timetrack.kpis.models import TacePolicy, TaceTarget
from timetrack.notifications.services import notify
from timetrack.profitability.models import Alert, AssignmentRate, CostRate
from timetrack.tests.factories import AgencyFactory, AssignmentFactory, TeamFactory
from timetrack.timesheets.selectors import activity_type_by_code, timesheet_for
from timetrack.timesheets.services import Cell, save_entry

pytestmark = pytest.mark.django_db

# Routes with a key that is not an object of an organisation, and why.
NOT_OBJECT_ROUTES = {
    "accounts:password_reset_confirm": "signed reset token, tested in accounts",
    "accounts:accept_invitation": "signed invitation token, tested in accounts",
    "client_approval:decide": "signed client token, tested in approvals",
}


class OrgA:
    """One object of every kind in org A."""

    def __init__(self, personas):
        org = personas.org
        self.person = personas.consultant
        self.team = TeamFactory(organization=org)
        self.agency = AgencyFactory(organization=org)
        self.assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
        self.project = self.assignment.project
        self.client = self.project.client
        self.activity_type = activity_type_by_code(org, "training")
        self.entry = save_entry(
            actor=personas.consultant,
            person=personas.consultant,
            cell=Cell(date(2026, 3, 2), self.activity_type, None, 1, "days"),
        )
        self.timesheet = timesheet_for(org=org, user_id=personas.consultant.user_id, month=date(2026, 3, 1))
        self.token = issue_token(membership=personas.consultant, name="A")[0]
        self.notification = notify(
            org=org,
            recipient=personas.consultant.user,
            event="timesheet_validated",
            context={"month": "mars 2026"},
            url="/cra/",
            email=False,
        )
        self.workflow = Workflow.objects.create(organization=org, name="Client")
        self.target = TaceTarget.objects.create(
            organization=org, target_percent=85, effective_from=date(2026, 1, 1)
        )
        # Not in force yet: deleting it would succeed if isolation failed.
        self.policy = TacePolicy.objects.create(organization=org, effective_from=date(2099, 1, 1))
        self.assignment_rate = AssignmentRate.objects.create(
            organization=org, assignment=self.assignment, daily_rate=700, effective_from=date(2026, 2, 1)
        )
        self.cost_rate = CostRate.objects.create(
            organization=org, user=self.person.user, daily_cost=400, effective_from=date(2026, 1, 1)
        )
        self.alert = Alert.objects.create(
            organization=org, kind="budget_warning", severity="warning", project=self.project, message="A"
        )
        self.delegation = Delegation.objects.create(
            organization=org,
            delegator=personas.manager.user,
            delegate=personas.admin.user,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
        )


def of_user(kwargs):
    """A CRA route: the period in the URL, the person of org A in ``?user=``."""
    return lambda a: (kwargs, f"?user={a.person.user_id}")


# route name → the URL keyword arguments naming an object of org A (and a query string, if any)
OBJECT_ROUTES = {
    "timesheets:month": of_user({"year": 2026, "month": 3}),
    "timesheets:week": of_user({"year": 2026, "week": 10}),
    "timesheets:cell": of_user({"period": "2026-03"}),
    "timesheets:row": of_user({"period": "2026-03"}),
    "timesheets:copy_day": of_user({"period": "2026-03"}),
    "timesheets:copy_week": of_user({"period": "2026-03"}),
    "timesheets:fill": of_user({"period": "2026-03"}),
    "timesheets:half_day": of_user({"period": "2026-03"}),
    "timesheets:submit": of_user({"period": "2026-03"}),
    "accounts:token_revoke": lambda a: {"token_id": a.token.pk},
    "notifications:open": lambda a: {"notification_id": a.notification.pk},
    "orgs:person": lambda a: {"user_id": a.person.user_id},
    "orgs:person_edit": lambda a: {"user_id": a.person.user_id},
    "orgs:team_edit": lambda a: {"pk": a.team.pk},
    "orgs:agency_edit": lambda a: {"pk": a.agency.pk},
    "projects:detail": lambda a: {"pk": a.project.pk},
    "projects:edit": lambda a: {"pk": a.project.pk},
    "projects:assignment_create": lambda a: {"project_pk": a.project.pk},
    "projects:assignment_edit": lambda a: {"pk": a.assignment.pk},
    "projects:assignment_delete": lambda a: {"pk": a.assignment.pk},
    "projects:client_edit": lambda a: {"pk": a.client.pk},
    "projects:client_delete": lambda a: {"pk": a.client.pk},
    "profitability:project": lambda a: {"pk": a.project.pk},
    "activity_types:edit": lambda a: {"pk": a.activity_type.pk},
    "api:users-detail": lambda a: {"pk": a.person.user_id},
    "api:clients-detail": lambda a: {"pk": a.client.pk},
    "api:projects-detail": lambda a: {"pk": a.project.pk},
    "api:assignments-detail": lambda a: {"pk": a.assignment.pk},
    "api:activity-types-detail": lambda a: {"pk": a.activity_type.pk},
    "api:time-entries-detail": lambda a: {"pk": a.entry.pk},
    "api:timesheets-detail": lambda a: {"pk": a.timesheet.pk},
    "api:timesheets-submit": lambda a: {"pk": a.timesheet.pk},
    "api:timesheets-approve": lambda a: {"pk": a.timesheet.pk},
    "api:timesheets-reject": lambda a: {"pk": a.timesheet.pk},
    "api:timesheets-request-changes": lambda a: {"pk": a.timesheet.pk},
    "api:timesheets-recall": lambda a: {"pk": a.timesheet.pk},
    "api:timesheets-reopen": lambda a: {"pk": a.timesheet.pk},
    "api:timesheets-history": lambda a: {"pk": a.timesheet.pk},
    "api:assignment-rates-detail": lambda a: {"pk": a.assignment_rate.pk},
    "api:cost-rates-detail": lambda a: {"pk": a.cost_rate.pk},
    "api:alerts-detail": lambda a: {"pk": a.alert.pk},
    "approval_settings:workflow_edit": lambda a: {"pk": a.workflow.pk},
    "approval_settings:workflow_delete": lambda a: {"pk": a.workflow.pk},
    "approval_settings:delegation_end": lambda a: {"pk": a.delegation.pk},
    "approvals:review": lambda a: {"timesheet_id": a.timesheet.pk},
    "approvals:approve": lambda a: {"timesheet_id": a.timesheet.pk},
    "approvals:decide": lambda a: {"timesheet_id": a.timesheet.pk},
    "approvals:recall": lambda a: {"timesheet_id": a.timesheet.pk},
    "approvals:reopen": lambda a: {"timesheet_id": a.timesheet.pk},
    "targets:delete": lambda a: {"pk": a.target.pk},
    "targets:policy_delete": lambda a: {"pk": a.policy.pk},
    "api:tace-policy": lambda a: {"pk": a.policy.pk},
}


def routes(resolver=None, namespace=None):
    """(name, pattern) of every route, with its namespace."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.pattern.regex.groupindex:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern


def methods_of(pattern) -> list[str]:
    actions = getattr(pattern.callback, "actions", None)
    if actions:
        return [m.upper() for m in actions]
    view_class = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        return [m.upper() for m in view_class.http_method_names if m not in ("options", "head")]
    return ["GET", "POST"]


def test_every_route_with_a_key_is_walked():
    unknown = {name for name, _ in routes()} - set(OBJECT_ROUTES) - set(NOT_OBJECT_ROUTES)
    assert not unknown, f"add these routes to the tenant-isolation walker: {sorted(unknown)}"


def test_every_object_of_another_organisation_is_a_404(personas, client):
    from django.urls import reverse

    objects_a = OrgA(personas)
    client.force_login(personas.other.user)
    api = personas.api(personas.other)
    checked = []
    for name, pattern in routes():
        if name not in OBJECT_ROUTES:
            continue
        spec = OBJECT_ROUTES[name](objects_a)
        kwargs, query = spec if isinstance(spec, tuple) else (spec, "")
        url = reverse(name, kwargs=kwargs) + query
        browser_like = not name.startswith("api:")
        statuses = {}
        for method in methods_of(pattern):
            caller = client if browser_like else api
            response = getattr(caller, method.lower())(url, **({} if browser_like else {"format": "json"}))
            statuses[method] = response.status_code
        # 405 only for a method the view does not serve at all; every served method is a 404.
        assert set(statuses.values()) <= {404, 405} and 404 in statuses.values(), f"{name} {url}: {statuses}"
        checked.append(name)
    assert sorted(checked) == sorted(OBJECT_ROUTES)
    # Nothing was changed by the other organisation's attempts.
    objects_a.entry.refresh_from_db()
    assert ApiToken.objects.get(pk=objects_a.token.pk).revoked_at is None
    assert Workflow.objects.filter(pk=objects_a.workflow.pk).exists()
    assert Delegation.objects.get(pk=objects_a.delegation.pk).end_date == date(2026, 12, 31)
    assert TaceTarget.objects.filter(pk=objects_a.target.pk).exists()
    assert AssignmentRate.objects.filter(pk=objects_a.assignment_rate.pk).exists()
    assert CostRate.objects.filter(pk=objects_a.cost_rate.pk).exists()
    assert TacePolicy.objects.filter(pk=objects_a.policy.pk).exists()


LIST_ROUTES = [
    "/api/v1/users",
    "/api/v1/clients",
    "/api/v1/projects",
    "/api/v1/assignments",
    "/api/v1/time-entries",
    "/api/v1/timesheets",
    "/api/v1/assignment-rates",
    "/api/v1/cost-rates",
    "/api/v1/alerts",
    "/api/v1/kpis/tace-policies",
]


@pytest.mark.parametrize("url", LIST_ROUTES)
def test_lists_never_show_another_organisations_rows(personas, url):
    objects_a = OrgA(personas)
    a_ids = {
        "/api/v1/users": {personas.consultant.user_id, personas.admin.user_id},
        "/api/v1/clients": {objects_a.client.pk},
        "/api/v1/projects": {objects_a.project.pk},
        "/api/v1/assignments": {objects_a.assignment.pk},
        "/api/v1/time-entries": {objects_a.entry.pk},
        "/api/v1/timesheets": {objects_a.timesheet.pk},
        "/api/v1/assignment-rates": {objects_a.assignment_rate.pk},
        "/api/v1/cost-rates": {objects_a.cost_rate.pk},
        "/api/v1/alerts": {objects_a.alert.pk},
        "/api/v1/kpis/tace-policies": {objects_a.policy.pk},
    }[url]
    response = personas.api(personas.other).get(url, {"page_size": 500})
    assert response.status_code == 200
    assert not a_ids & {row["id"] for row in response.json()["results"]}


def test_html_lists_never_show_another_organisations_people(personas, client):
    OrgA(personas)
    client.force_login(personas.other.user)
    for url in ("/organisation/personnes/", "/organisation/equipes/", "/organisation/agences/", "/"):
        html = client.get(url).content.decode()
        assert "alice@alpha.test" not in html
        assert "ESN Alpha" not in html


def test_the_grid_refuses_a_row_of_another_organisation(personas, client):
    """Saving a cell on oneself but naming org A's activity type or project is a 404 too."""
    objects_a = OrgA(personas)
    client.force_login(personas.other.user)
    for row in (f"{objects_a.activity_type.pk}-0", f"{objects_a.activity_type.pk}-{objects_a.project.pk}"):
        response = client.post(
            "/cra/2026-03/cellule/", {"row": row, "day": "2026-03-02", "value": "1"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 404, row
    objects_a.entry.refresh_from_db()
