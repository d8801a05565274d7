"""The notification centre: the member's own notifications, newest first, unread highlighted."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from timetrack.notifications.tests.factories import notification

pytestmark = pytest.mark.django_db
URL = "/notifications/"


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


def test_a_user_without_organisation_is_refused(client, personas):
    personas.colleague.is_active = False
    personas.colleague.save()
    client.force_login(personas.colleague.user)
    assert client.get(URL).status_code == 403


def test_it_lists_the_members_notifications_newest_first(login, personas):
    now = timezone.now()
    old = notification(personas.consultant, title="Ancienne", created_at=now - timedelta(days=2))
    new = notification(personas.consultant, title="Récente", created_at=now)
    response = login(personas.consultant).get(URL)
    assert response.status_code == 200
    assert list(response.context["notifications"]) == [new, old]
    content = response.content.decode()
    assert f'href="/notifications/{new.pk}/ouvrir/"' in content


def test_it_never_shows_someone_elses_or_another_organisations(login, personas):
    notification(personas.manager, title="Pour le manager")
    notification(personas.other, title="Autre ESN")
    notification(personas.other, recipient=personas.consultant.user, title="Autre ESN pour Alice")
    response = login(personas.consultant).get(URL)
    assert list(response.context["notifications"]) == []
    assert "Aucune notification pour l'instant." in response.content.decode()


def test_unread_ones_are_highlighted(login, personas):
    notification(personas.consultant, title="Non lue")
    notification(personas.consultant, title="Lue", read_at=timezone.now())
    content = login(personas.consultant).get(URL).content.decode()
    assert content.count("notification-unread") == 1
    assert "Tout marquer comme lu" in content


def test_it_offers_no_mark_all_when_everything_is_read(login, personas):
    notification(personas.consultant, read_at=timezone.now())
    assert "Tout marquer comme lu" not in login(personas.consultant).get(URL).content.decode()


def test_it_is_paginated(login, personas):
    for number in range(31):
        notification(personas.consultant, title=f"N{number}")
    client = login(personas.consultant)
    assert len(client.get(URL).context["notifications"]) == 30
    assert len(client.get(URL + "?page=2").context["notifications"]) == 1


def test_its_queries_do_not_grow_with_the_notifications(login, personas, django_assert_max_num_queries):
    client = login(personas.consultant)
    notification(personas.consultant)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(20):
        notification(personas.consultant)
    with django_assert_max_num_queries(len(few)):
        client.get(URL)


def test_it_speaks_english_to_an_english_user(login, personas):
    personas.consultant.user.language = "en"
    personas.consultant.user.save()
    notification(personas.consultant)
    content = login(personas.consultant).get(URL).content.decode()
    assert "Mark all as read" in content
