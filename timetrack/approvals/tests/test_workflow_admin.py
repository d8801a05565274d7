"""The workflow screens: admins only, steps of every rule, the default kept, routes frozen."""

from datetime import date

import pytest

from timetrack.approvals import services
from timetrack.approvals.models import ApproverRule, Workflow, WorkflowStep
from timetrack.approvals.selectors import default_workflow
from timetrack.projects.models import Project
from timetrack.timesheets.models import Timesheet, TimesheetStatus

pytestmark = pytest.mark.django_db
LIST = "/parametres/validation/"
NEW = "/parametres/validation/circuits/nouveau/"
MARCH = date(2026, 3, 1)


def steps_data(*rows, extra=2):
    """The POST of the step formset: ``rows`` of field values, then ``extra`` blank rows."""
    rows = [*rows, *({} for _ in range(extra))]
    data = {"steps-TOTAL_FORMS": str(len(rows)), "steps-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"steps-{index}-{field}"] = value
    return data


def test_it_requires_login(client):
    assert client.get(LIST).status_code == 302


@pytest.mark.parametrize("who", ["manager", "consultant", "finance"])
def test_it_refuses_non_admins(personas, login, who):
    web = login(getattr(personas, who))
    assert web.get(LIST).status_code == 403
    assert web.get(NEW).status_code == 403
    assert web.post(NEW, {"name": "X", **steps_data({"rule": "manager"})}).status_code == 403


def test_it_lists_the_default_workflow_first_with_its_steps(personas, login):
    services.save_workflow(actor=personas.admin, name="Avec client", steps=[{"rule": "manager"}])
    response = login(personas.admin).get(LIST)
    assert response.status_code == 200
    names = [w.name for w in response.context["workflows"]]
    assert names[0] == default_workflow(personas.org).name and "Avec client" in names
    assert "Manager (N+1) du consultant" in response.content.decode()


def test_it_creates_a_workflow_with_a_step_of_each_rule(personas, login):
    data = steps_data(
        {"rule": "manager", "ORDER": "1"},
        {"rule": "project_manager", "ORDER": "2"},
        {"rule": "role", "role": "admin", "ORDER": "3"},
        {"rule": "user", "user": str(personas.manager.user_id), "ORDER": "4"},
        {
            "rule": "client",
            "client_name": "Claire Client",
            "client_email": "claire@client.test",
            "ORDER": "5",
        },
    )
    response = login(personas.admin).post(NEW, {"name": "Complet", **data})
    assert response.status_code == 302
    workflow = Workflow.objects.get(organization=personas.org, name="Complet")
    steps = list(workflow.steps.order_by("position"))
    assert [s.rule for s in steps] == ["manager", "project_manager", "role", "user", "client"]
    assert steps[2].role == "admin" and steps[3].user == personas.manager.user
    assert (steps[4].client_name, steps[4].client_email) == ("Claire Client", "claire@client.test")


def test_it_reorders_and_removes_steps(personas, login):
    workflow = services.save_workflow(
        actor=personas.admin,
        name="Deux",
        steps=[{"rule": "manager"}, {"rule": "role", "role": "admin"}, {"rule": "project_manager"}],
    )
    data = steps_data(
        {"rule": "manager", "ORDER": "2"},
        {"rule": "role", "role": "admin", "ORDER": "1"},
        {"rule": "project_manager", "ORDER": "3", "DELETE": "on"},
    )
    response = login(personas.admin).post(f"{LIST}circuits/{workflow.pk}/", {"name": "Deux", **data})
    assert response.status_code == 302
    assert [s.rule for s in workflow.steps.order_by("position")] == ["role", "manager"]


def test_it_refuses_a_workflow_without_step(personas, login):
    response = login(personas.admin).post(NEW, {"name": "Vide", **steps_data()})
    assert response.status_code == 200
    assert "Ajoutez au moins une étape" in response.content.decode()
    assert not Workflow.objects.filter(name="Vide").exists()


@pytest.mark.parametrize(
    "row, field, message",
    [
        ({"rule": "role"}, "role", "Choisissez le rôle"),
        ({"rule": "user"}, "user", "Choisissez la personne"),
        ({"rule": "client", "client_email": "c@client.test"}, "client_name", "nom du contact client"),
        ({"rule": "client", "client_name": "Claire"}, "client_email", "e-mail du contact client"),
    ],
)
def test_it_names_the_missing_detail_of_a_step(personas, login, row, field, message):
    response = login(personas.admin).post(NEW, {"name": "Incomplet", **steps_data(row)})
    assert response.status_code == 200
    errors = response.context["steps"].forms[0].errors
    assert message in str(errors[field])


def test_the_service_names_the_field_of_a_missing_step(personas):
    from timetrack.lib.errors import DomainError

    with pytest.raises(DomainError) as error:
        services.save_workflow(actor=personas.admin, name="Rien", steps=[])
    assert error.value.field == "steps"
    with pytest.raises(DomainError) as error:
        services.save_workflow(actor=personas.admin, name="", steps=[{"rule": "manager"}])
    assert error.value.field == "name"


def test_it_refuses_a_person_of_another_organisation(personas):
    from timetrack.lib.errors import DomainError

    with pytest.raises(DomainError) as error:
        services.save_workflow(
            actor=personas.admin, name="X", steps=[{"rule": "user", "user": personas.other.user}]
        )
    assert error.value.field == "user"


def test_it_refuses_a_duplicate_name(personas, login):
    services.save_workflow(actor=personas.admin, name="Client A", steps=[{"rule": "manager"}])
    response = login(personas.admin).post(NEW, {"name": "client a", **steps_data({"rule": "manager"})})
    assert "Un circuit porte déjà ce nom" in str(response.context["form"].errors["name"])


def test_the_default_workflow_can_be_edited_but_not_deleted(personas, login):
    default = default_workflow(personas.org)
    web = login(personas.admin)
    data = steps_data({"rule": "manager"}, {"rule": "role", "role": "admin"})
    assert web.post(f"{LIST}circuits/{default.pk}/", {"name": "Standard", **data}).status_code == 302
    assert default.steps.count() == 2
    web.post(f"{LIST}circuits/{default.pk}/supprimer/")
    assert Workflow.objects.filter(pk=default.pk).exists()


def test_deleting_a_workflow_sends_its_projects_back_to_the_default(personas, login, flow):
    workflow = services.save_workflow(actor=personas.admin, name="Spécial", steps=[{"rule": "manager"}])
    flow.project.workflow = workflow
    flow.project.save()
    flow.project.client.workflow = workflow
    flow.project.client.save()
    assert login(personas.admin).post(f"{LIST}circuits/{workflow.pk}/supprimer/").status_code == 302
    project = Project.objects.select_related("client").get(pk=flow.project.pk)
    assert project.workflow is None and project.client.workflow is None


def test_editing_a_workflow_does_not_change_a_cra_in_validation(personas, flow):
    workflow = default_workflow(personas.org)
    services.submit_timesheet(actor=personas.consultant, person=personas.consultant, month=MARCH)
    services.save_workflow(
        actor=personas.admin,
        workflow=workflow,
        name=workflow.name,
        steps=[{"rule": "role", "role": "admin"}, {"rule": "user", "user": personas.colleague.user}],
    )
    sheet = Timesheet.objects.get(user=personas.consultant.user)
    assert sheet.status == TimesheetStatus.SUBMITTED
    assert [s["rule"] for s in sheet.route.steps] == ["manager"]
    services.approve_timesheet(actor=personas.manager, timesheet_id=sheet.pk)
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.VALIDATED


@pytest.mark.parametrize(
    "step, approvers",
    [
        ({"rule": ApproverRule.MANAGER}, lambda p: [p.manager.user_id]),
        ({"rule": ApproverRule.PROJECT_MANAGER}, lambda p: [p.colleague.user_id]),
        ({"rule": ApproverRule.ROLE, "role": "finance"}, lambda p: [p.finance.user_id]),
        ({"rule": ApproverRule.USER, "user": "admin"}, lambda p: [p.admin.user_id]),
        (
            {"rule": ApproverRule.CLIENT, "client_name": "Claire", "client_email": "c@client.test"},
            lambda p: [],
        ),
    ],
)
def test_each_rule_routes_the_cra_to_its_approvers(personas, flow, step, approvers):
    if step.get("user") == "admin":
        step = {**step, "user": personas.admin.user}
    workflow = default_workflow(personas.org)
    services.save_workflow(actor=personas.admin, workflow=workflow, name=workflow.name, steps=[step])
    services.submit_timesheet(actor=personas.consultant, person=personas.consultant, month=MARCH)
    sheet = Timesheet.objects.get(user=personas.consultant.user)
    assert sheet.route.steps[0]["approvers"] == approvers(personas)


def test_a_project_form_offers_only_the_organisations_workflows(personas, login, flow):
    mine = services.save_workflow(actor=personas.admin, name="Chez nous", steps=[{"rule": "manager"}])
    Workflow.objects.create(organization=personas.other_org, name="Chez eux")
    response = login(personas.admin).get(f"/projets/{flow.project.pk}/modifier/")
    choices = list(response.context["form"].fields["workflow"].queryset)
    assert choices == [mine]
    assert WorkflowStep.objects.filter(workflow=mine).count() == 1


def test_a_client_form_saves_the_chosen_workflow(personas, login, flow):
    mine = services.save_workflow(actor=personas.admin, name="Chez nous", steps=[{"rule": "manager"}])
    client_ = flow.project.client
    response = login(personas.admin).post(
        f"/projets/clients/{client_.pk}/modifier/", {"name": client_.name, "workflow": str(mine.pk)}
    )
    assert response.status_code == 302
    client_.refresh_from_db()
    assert client_.workflow == mine


def test_a_client_form_refuses_another_organisations_workflow(personas, login, flow):
    theirs = Workflow.objects.create(organization=personas.other_org, name="Chez eux")
    client_ = flow.project.client
    response = login(personas.admin).post(
        f"/projets/clients/{client_.pk}/modifier/", {"name": client_.name, "workflow": str(theirs.pk)}
    )
    assert response.status_code == 200 and "workflow" in response.context["form"].errors
