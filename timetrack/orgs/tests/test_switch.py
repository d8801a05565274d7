import pytest

from timetrack.tests.factories import member

pytestmark = pytest.mark.django_db
URL = "/organisation/changer/"


@pytest.fixture
def two_orgs(personas):
    """Alice (consultant of Alpha) is also a manager in Bêta."""
    return member(personas.other_org, "manager", user=personas.consultant.user)


def test_it_switches_to_an_organisation_of_the_user(login, personas, two_orgs):
    client = login(personas.consultant)
    response = client.post(URL, {"org_id": personas.other_org.pk}, follow=True)
    assert client.session["org_id"] == personas.other_org.pk
    assert "Vous travaillez maintenant dans ESN Bêta." in response.content.decode()
    assert response.context["membership"] == two_orgs


def test_the_menu_offers_the_other_organisations(login, personas, two_orgs):
    content = login(personas.consultant).get("/").content.decode()
    assert f'value="{personas.other_org.pk}"' in content
    assert "Changer d&#x27;organisation" in content or "Changer d'organisation" in content


def test_it_refuses_an_organisation_the_user_is_not_in(login, personas):
    client = login(personas.consultant)
    assert client.post(URL, {"org_id": personas.other_org.pk}).status_code == 404
    assert client.session["org_id"] == personas.org.pk


def test_it_refuses_an_inactive_membership(login, personas, two_orgs):
    two_orgs.is_active = False
    two_orgs.save()
    assert login(personas.consultant).post(URL, {"org_id": personas.other_org.pk}).status_code == 404


def test_it_refuses_garbage(login, personas):
    assert login(personas.consultant).post(URL, {"org_id": "abc"}).status_code == 404


def test_it_refuses_a_get(login, personas):
    assert login(personas.consultant).get(URL).status_code == 405


def test_it_requires_login(client, personas):
    assert client.post(URL, {"org_id": personas.org.pk})["Location"].startswith("/comptes/connexion/")
