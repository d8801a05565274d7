"""The shell every page shares: navigation by role, user menu, messages, assets."""

import pytest

pytestmark = pytest.mark.django_db


def _page(login, membership) -> str:
    return login(membership).get("/").content.decode()


def test_a_consultant_sees_only_home(login, personas):
    content = _page(login, personas.consultant)
    assert 'href="/"' in content
    assert "/organisation/personnes/" not in content
    assert "/organisation/parametres/" not in content


def test_a_manager_sees_the_team(login, personas):
    content = _page(login, personas.manager)
    assert "Mon équipe" in content
    assert "/organisation/parametres/" not in content


def test_finance_sees_the_people(login, personas):
    content = _page(login, personas.finance)
    assert 'href="/organisation/personnes/"' in content
    assert "/organisation/invitations/" not in content


def test_an_admin_sees_the_organisation_menu(login, personas):
    content = _page(login, personas.admin)
    for path in ("parametres", "personnes", "equipes", "agences", "invitations"):
        assert f'href="/organisation/{path}/"' in content


def test_the_user_menu(login, personas):
    content = _page(login, personas.consultant)
    assert 'href="/comptes/profil/"' in content
    assert 'href="/comptes/mot-de-passe/"' in content
    assert "Se déconnecter" in content


def test_it_loads_the_assets_and_gives_htmx_the_csrf_token(login, personas):
    content = _page(login, personas.consultant)
    assert '<html lang="fr">' in content
    for asset in ("bootstrap.bundle.min.js", "htmx.min.js", "alpinejs/cdn.min.js", "bootstrap.min.css"):
        assert asset in content
    assert 'hx-headers=\'{"X-CSRFToken": "' in content
    assert 'name="viewport"' in content


def test_messages_show_as_alerts(login, personas):
    client = login(personas.consultant)
    client.post("/comptes/profil/", {"first_name": "Alice", "last_name": "Martin", "language": "fr"})
    assert "alert alert-success" in client.get("/").content.decode()


def test_the_csp_header_is_sent(login, personas):
    response = login(personas.consultant).get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'nonce'" not in policy  # a literal 'nonce' is an invalid source browsers ignore
