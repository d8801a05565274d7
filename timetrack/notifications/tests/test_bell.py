"""The navbar's bell: the member's unread count in their current organisation, one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from timetrack.notifications.tests.factories import notification

pytestmark = pytest.mark.django_db


def test_it_shows_the_unread_count(login, personas):
    notification(personas.consultant)
    notification(personas.consultant)
    notification(personas.consultant, read_at=timezone.now())
    content = login(personas.consultant).get("/").content.decode()
    assert 'href="/notifications/"' in content
    assert (
        '<span class="badge rounded-pill text-bg-danger ms-1">2<span class="visually-hidden"> non lues'
        in content
    )


def test_it_counts_neither_other_people_nor_other_organisations(login, personas):
    notification(personas.manager)
    notification(personas.other, recipient=personas.consultant.user)
    content = login(personas.consultant).get("/").content.decode()
    assert "text-bg-danger" not in content
    assert "aucune non lue" in content


def test_it_counts_with_one_query(login, personas):
    client = login(personas.consultant)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    counts = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT(" in counts[0]


def test_a_visitor_has_no_bell(client, personas):
    assert "notification-bell" not in client.get("/comptes/connexion/").content.decode()


def test_a_fragment_without_the_bell_does_not_count(rf, personas):
    from timetrack.notifications.context_processors import unread

    request = rf.get("/")
    request.user = personas.consultant.user
    request.membership = personas.consultant
    with CaptureQueriesContext(connection) as queries:
        context = unread(request)
    assert queries.captured_queries == []
    assert context["unread_notifications"] == 0
