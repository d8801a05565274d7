"""Opening a notification marks it read and follows its link, only within the site."""

import pytest
from django.utils import timezone

from timetrack.notifications.models import Notification
from timetrack.notifications.tests.factories import notification

pytestmark = pytest.mark.django_db


def _url(item) -> str:
    return f"/notifications/{item.pk}/ouvrir/"


def test_it_requires_login(client, personas):
    item = notification(personas.consultant)
    assert client.get(_url(item))["Location"].startswith("/comptes/connexion/")
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_marks_read_and_goes_to_the_page(login, personas, method):
    item = notification(personas.consultant, url="/cra/2026/03/")
    response = getattr(login(personas.consultant), method)(_url(item))
    assert response.status_code == 302
    assert response["Location"] == "/cra/2026/03/"
    item.refresh_from_db()
    assert item.read_at is not None


def test_opening_twice_keeps_the_first_reading_time(login, personas):
    first = timezone.now() - timezone.timedelta(days=1)
    item = notification(personas.consultant, read_at=first)
    login(personas.consultant).get(_url(item))
    item.refresh_from_db()
    assert item.read_at == first


@pytest.mark.parametrize(
    "url", ["https://evil.test/", "//evil.test/cra/", "/\\evil.test/", "javascript:alert(1)", "cra/", ""]
)
def test_it_never_leaves_the_site(login, personas, url):
    item = notification(personas.consultant, url=url)
    response = login(personas.consultant).get(_url(item))
    assert response["Location"] == "/notifications/"


def test_someone_elses_notification_is_a_404(login, personas):
    item = notification(personas.manager)
    assert login(personas.consultant).get(_url(item)).status_code == 404
    assert Notification.objects.get().read_at is None


def test_another_organisations_notification_is_a_404(login, personas):
    item = notification(personas.other)
    assert login(personas.admin).get(_url(item)).status_code == 404


def test_my_notification_of_another_organisation_is_a_404_in_this_one(login, personas):
    item = notification(personas.other, recipient=personas.consultant.user)
    assert login(personas.consultant).get(_url(item)).status_code == 404
