import re

import pytest
from django.core import mail

from timetrack.accounts.models import Invitation, User
from timetrack.accounts.services import invitation_link, invite_member
from timetrack.orgs.models import Membership, Role
from timetrack.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-passphrase"


def _invite(personas, email="new@alpha.test", **kwargs):
    return invite_member(
        org=personas.org, actor=personas.admin.user, email=email, role=Role.CONSULTANT, **kwargs
    )


def _path(invitation) -> str:
    return invitation_link(invitation).removeprefix("http://127.0.0.1:8000")


def _form(**overrides):
    return {
        "first_name": "Nina",
        "last_name": "Durand",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides


def test_it_runs_end_to_end_from_the_admin_screen(
    client, login, personas, django_capture_on_commit_callbacks
):
    team = TeamFactory(organization=personas.org)
    admin = login(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        data = {
            "email": "Nina@Alpha.test",
            "role": "manager",
            "manager": personas.manager.user_id,
            "team": team.pk,
        }
        response = admin.post("/organisation/invitations/", data)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@alpha.test"]
    path = re.search(r"http://[^/]+(/comptes/invitation/\S+/)", mail.outbox[0].body).group(1)
    admin.post("/comptes/deconnexion/")

    response = client.post(path, _form())
    assert response["Location"] == "/"
    membership = Membership.objects.get(user__email="nina@alpha.test")
    assert (membership.organization, membership.role, membership.team) == (personas.org, Role.MANAGER, team)
    assert membership.manager == personas.manager.user
    assert client.session["org_id"] == personas.org.pk
    home = client.get("/").content.decode()
    assert "Bonjour Nina" in home
    assert "ESN Alpha" in home

    client.post("/comptes/deconnexion/")
    again = client.get(path)
    assert again.status_code == 400
    assert "Cette invitation a déjà été acceptée." in again.content.decode()


def test_it_shows_the_organisation_and_the_form(client, personas):
    response = client.get(_path(_invite(personas)))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Rejoindre ESN Alpha" in content
    assert "new@alpha.test" in content
    assert 'name="password1"' in content


def test_it_applies_the_password_validators(client, personas):
    invitation = _invite(personas)
    response = client.post(_path(invitation), _form(password1="123", password2="123"))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not User.objects.filter(email="new@alpha.test").exists()


def test_it_refuses_different_passwords(client, personas):
    response = client.post(_path(_invite(personas)), _form(password2="something-else-entirely"))
    assert "Les deux mots de passe ne correspondent pas." in response.content.decode()


def test_it_refuses_a_tampered_link(client, personas):
    path = _path(_invite(personas))
    response = client.get(path.replace("/invitation/", "/invitation/x"))
    assert response.status_code == 400
    assert "pas valide ou a expiré" in response.content.decode()


def test_a_known_user_must_log_in_first(client, personas):
    invitation = invite_member(
        org=personas.other_org, actor=personas.other.user, email="alice@alpha.test", role="consultant"
    )
    response = client.get(_path(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/?next=/comptes/invitation/")


def test_a_known_user_joins_with_one_click(login, personas):
    invitation = invite_member(
        org=personas.other_org, actor=personas.other.user, email="alice@alpha.test", role="consultant"
    )
    client = login(personas.consultant)
    page = client.get(_path(invitation))
    assert "Rejoindre l" in page.content.decode()
    assert 'name="password1"' not in page.content.decode()
    response = client.post(_path(invitation))
    assert response["Location"] == "/"
    assert Membership.objects.filter(user=personas.consultant.user, organization=personas.other_org).exists()
    assert client.session["org_id"] == personas.other_org.pk
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None
    personas.consultant.user.refresh_from_db()
    assert personas.consultant.user.check_password(personas.password)
