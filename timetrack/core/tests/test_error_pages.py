import pytest
from django.test import RequestFactory

from timetrack.core.views import error_500

pytestmark = pytest.mark.django_db


def test_404_is_rendered_in_the_layout(login, personas):
    response = login(personas.consultant).get("/nulle-part/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page introuvable" in content
    assert "Se déconnecter" in content  # the navigation is there


def test_404_works_for_anonymous_visitors(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_403_is_rendered_in_the_layout(login, personas):
    response = login(personas.consultant).get("/organisation/parametres/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "Accès refusé" in content
    assert "Se déconnecter" in content


def test_500_needs_no_request_context():
    # A request with no user, session or membership: the page must still render.
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()
