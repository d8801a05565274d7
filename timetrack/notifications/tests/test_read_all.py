"""Marking everything read: the member's unread notifications of the current organisation only."""

import pytest
from django.utils import timezone

from timetrack.notifications.models import Notification
from timetrack.notifications.tests.factories import notification

pytestmark = pytest.mark.django_db
URL = "/notifications/tout-lire/"


def test_it_requires_login(client):
    assert client.post(URL)["Location"].startswith("/comptes/connexion/")


def test_it_refuses_a_get(login, personas):
    assert login(personas.consultant).get(URL).status_code == 405


def test_it_marks_only_my_unread_notifications_read(login, personas):
    mine = [notification(personas.consultant), notification(personas.consultant)]
    earlier = timezone.now() - timezone.timedelta(days=3)
    already = notification(personas.consultant, read_at=earlier)
    someone_else = notification(personas.manager)
    other_org = notification(personas.other, recipient=personas.consultant.user)
    response = login(personas.consultant).post(URL, follow=True)
    assert response.redirect_chain == [("/notifications/", 302)]
    assert "Toutes vos notifications sont marquées comme lues." in response.content.decode()
    read = dict(Notification.objects.values_list("pk", "read_at"))
    assert all(read[n.pk] is not None for n in mine)
    assert read[already.pk] == earlier
    assert read[someone_else.pk] is None
    assert read[other_org.pk] is None
    assert "text-bg-danger" not in response.content.decode()
