import pytest

from timetrack.projects.models import Project
from timetrack.tests.factories import AssignmentFactory, ClientFactory, ProjectFactory, member

pytestmark = pytest.mark.django_db
URL = "/projets/"
CREATE = "/projets/nouveau/"


def form_data(personas, **overrides):
    client = ClientFactory(organization=personas.org)
    data = {
        "code": "AZ-001",
        "name": "Refonte du SI",
        "client": client.pk,
        "billing_mode": "fixed_price",
        "start_date": "2026-01-05",
        "end_date": "2026-06-30",
        "project_manager": personas.manager.user_id,
        "budget_days": "120,5",
        "budget_amount": "78 000,50",
        "fixed_price": "80000",
    }
    return data | overrides


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


@pytest.mark.parametrize("persona", ["admin", "manager", "finance"])
def test_it_lists_the_organisations_projects(login, personas, persona):
    ProjectFactory(
        organization=personas.org, code="AZ-001", name="Refonte", project_manager=personas.manager.user
    )
    ProjectFactory(organization=personas.other_org, code="SECRET")
    response = login(getattr(personas, persona)).get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "AZ-001" in content and "Refonte" in content and "Régie" in content
    assert "SECRET" not in content
    assert ("Nouveau projet" in content) is (persona != "finance")


def test_a_consultant_is_refused_the_projects_list(login, personas):
    assert login(personas.consultant).get(URL).status_code == 403


def test_it_filters_by_client_and_mode(login, personas):
    azur = ProjectFactory(organization=personas.org, code="AZUR-1", billing_mode="fixed_price")
    ProjectFactory(organization=personas.org, code="AZUR-2", client=azur.client)
    ProjectFactory(organization=personas.org, code="OTHER", billing_mode="fixed_price")
    client = login(personas.admin)
    listed = lambda **params: [p.code for p in client.get(URL, params).context["projects"]]  # noqa: E731
    assert listed(client=azur.client_id) == ["AZUR-1", "AZUR-2"]
    assert listed(billing_mode="fixed_price") == ["AZUR-1", "OTHER"]
    assert listed(client=azur.client_id, billing_mode="fixed_price") == ["AZUR-1"]
    assert len(listed(client="abc")) == 3


def test_the_filter_offers_the_organisations_clients_only(login, personas):
    ClientFactory(organization=personas.other_org, name="Client secret")
    assert "Client secret" not in login(personas.admin).get(URL).content.decode()


def test_the_list_is_paged_and_keeps_the_filters(login, personas):
    client_ = ClientFactory(organization=personas.org)
    for n in range(55):
        ProjectFactory(organization=personas.org, client=client_, code=f"P{n:03d}")
    response = login(personas.admin).get(URL, {"client": client_.pk})
    assert len(response.context["projects"]) == 50
    assert f"?client={client_.pk}&amp;page=2" in response.content.decode()


def test_the_list_takes_a_bounded_number_of_queries(login, personas, django_assert_max_num_queries):
    client = login(personas.admin)
    for _ in range(30):
        project = ProjectFactory(organization=personas.org, project_manager=member(personas.org).user)
        AssignmentFactory(person=personas.consultant, project=project)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert len(response.context["projects"]) == 30


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_it_creates_a_project_with_french_numbers(login, personas, persona):
    response = login(getattr(personas, persona)).post(CREATE, form_data(personas))
    project = Project.objects.get(code="AZ-001")
    assert response["Location"] == f"/projets/{project.pk}/"
    assert (project.organization, project.project_manager) == (personas.org, personas.manager.user)
    assert (str(project.budget_days), str(project.budget_amount)) == ("120.50", "78000.50")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": "2025-01-01"}, "end_date"),
        ({"budget_days": "beaucoup"}, "budget_days"),
        ({"budget_amount": "-1"}, "budget_amount"),
        ({"code": ""}, "code"),
        ({"start_date": "2026-02-30"}, "start_date"),
    ],
)
def test_it_refuses_bad_input_on_the_field(login, personas, overrides, field):
    response = login(personas.admin).post(CREATE, form_data(personas, **overrides))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Project.objects.exists()


def test_it_refuses_a_code_already_used(login, personas):
    ProjectFactory(organization=personas.org, code="AZ-001")
    response = login(personas.admin).post(CREATE, form_data(personas, code="az-001"))
    assert list(response.context["form"].errors) == ["code"]


def test_choices_come_from_the_organisation_only(login, personas):
    foreign_client = ClientFactory(organization=personas.other_org)
    data = form_data(personas, client=foreign_client.pk, project_manager=personas.other.user_id)
    response = login(personas.admin).post(CREATE, data)
    assert set(response.context["form"].errors) == {"client", "project_manager"}


def test_it_edits_a_project(login, personas):
    project = ProjectFactory(organization=personas.org, code="AZ-001")
    url = f"/projets/{project.pk}/modifier/"
    client = login(personas.manager)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(personas, name="Nouveau nom"))
    assert response["Location"] == f"/projets/{project.pk}/"
    project.refresh_from_db()
    assert project.name == "Nouveau nom"


def test_the_detail_shows_the_project_and_its_assignments(login, personas):
    project = ProjectFactory(organization=personas.org, code="AZ-001", budget_amount="78000.5")
    AssignmentFactory(person=personas.consultant, project=project, daily_rate="1650")
    personas.consultant.user.last_name = "Martin"
    personas.consultant.user.save()
    content = login(personas.finance).get(f"/projets/{project.pk}/").content.decode()
    assert "Martin" in content
    assert "1\u202f650,00\xa0€" in content or "1 650,00 €" in content.replace("\u202f", " ").replace(
        "\xa0", " "
    )
    assert "78 000,50" in content.replace("\u202f", " ").replace("\xa0", " ")
    assert "Affecter un consultant" not in content


@pytest.mark.parametrize("persona", ["finance", "consultant"])
def test_readers_cannot_create_or_edit(login, personas, persona):
    project = ProjectFactory(organization=personas.org)
    client = login(getattr(personas, persona))
    assert client.get(CREATE).status_code == 403
    assert client.post(f"/projets/{project.pk}/modifier/", form_data(personas)).status_code == 403


def test_another_organisations_project_is_not_found(login, personas):
    project = ProjectFactory(organization=personas.other_org)
    client = login(personas.admin)
    assert client.get(f"/projets/{project.pk}/").status_code == 404
    assert client.get(f"/projets/{project.pk}/modifier/").status_code == 404
