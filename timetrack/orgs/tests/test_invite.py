import pytest
from django.core import mail

from timetrack.accounts.models import Invitation
from timetrack.accounts.services import invite_member
from timetrack.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
URL = "/organisation/invitations/"


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


def test_an_admin_invites_someone(login, personas, django_capture_on_commit_callbacks):
    client = login(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"email": "new@alpha.test", "role": "consultant"}, follow=True)
    assert "Invitation envoyée à new@alpha.test." in response.content.decode()
    invitation = Invitation.objects.get(email="new@alpha.test")
    assert (invitation.organization, invitation.invited_by) == (personas.org, personas.admin.user)
    assert len(mail.outbox) == 1


def test_it_lists_pending_invitations_of_the_organisation_only(login, personas):
    invite_member(org=personas.org, actor=personas.admin.user, email="pending@alpha.test", role="consultant")
    invite_member(
        org=personas.other_org, actor=personas.other.user, email="secret@beta.test", role="consultant"
    )
    content = login(personas.admin).get(URL).content.decode()
    assert "pending@alpha.test" in content
    assert "secret@beta.test" not in content


def test_it_refuses_a_current_member(login, personas):
    response = login(personas.admin).post(URL, {"email": "alice@alpha.test", "role": "consultant"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()


def test_it_refuses_another_organisations_agency(login, personas):
    agency = AgencyFactory(organization=personas.other_org)
    response = login(personas.admin).post(
        URL, {"email": "new@alpha.test", "role": "consultant", "agency": agency.pk}
    )
    assert response.context["form"].errors["agency"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "finance", "consultant"])
def test_other_roles_are_refused(login, personas, persona):
    client = login(getattr(personas, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"email": "x@alpha.test", "role": "admin"}).status_code == 403
