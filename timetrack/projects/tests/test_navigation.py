"""The entries of the navigation bar that lead to projects, missions and activity types."""

import pytest

pytestmark = pytest.mark.django_db


def _page(login, membership) -> str:
    return login(membership).get("/").content.decode()


@pytest.mark.parametrize("persona", ["admin", "manager", "finance"])
def test_people_who_follow_projects_see_the_projects(login, personas, persona):
    content = _page(login, getattr(personas, persona))
    assert 'href="/projets/"' in content
    assert 'href="/projets/mes-missions/"' not in content


def test_a_consultant_sees_their_missions(login, personas):
    content = _page(login, personas.consultant)
    assert 'href="/projets/mes-missions/"' in content
    assert 'href="/projets/"' not in content


def test_only_an_admin_sees_the_activity_types(login, personas):
    assert 'href="/parametres/activites/"' in _page(login, personas.admin)
    assert 'href="/parametres/activites/"' not in _page(login, personas.manager)
