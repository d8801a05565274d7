"""The validation journey in a real browser: the demo consultant submits March 2026, the demo manager
approves it from the inbox, the consultant sees it validated with both steps in the timeline."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from timetrack.orgs.models import Membership
from timetrack.tests.factories import AssignmentFactory, ProjectFactory
from timetrack.timesheets.models import Timesheet
from timetrack.timesheets.selectors import activity_type_by_code
from timetrack.timesheets.services import fill_month

pytestmark = pytest.mark.browser

PASSWORD = "timetrack-demo"
CONSULTANT = "consultant@demo.timetrack.test"
MANAGER = "manager@demo.timetrack.test"
MONTH = "/cra/2026/3/"


@pytest.fixture
def filled_march(transactional_db):
    """The demo consultant's March 2026 filled with a mission (the demo seeds only recent months)."""
    call_command("seed_demo", stdout=StringIO())
    person = Membership.objects.select_related("organization").get(user__email=CONSULTANT)
    manager = Membership.objects.get(user__email=MANAGER, organization=person.organization)
    person.start_date, person.manager = date(2020, 1, 1), manager.user
    person.save(update_fields=["start_date", "manager"])
    project = ProjectFactory(organization=person.organization, code="VAL-TEST", name="Mission validée")
    AssignmentFactory(person=person, project=project, start_date=date(2026, 1, 1))
    fill_month(
        actor=person,
        person=person,
        month=date(2026, 3, 1),
        activity_type=activity_type_by_code(person.organization, "project"),
        project=project,
    )
    return person


def log_in(page: Page, base_url: str, email: str, url: str) -> None:
    page.goto(base_url + url)
    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(base_url + url)


def test_a_month_goes_from_submission_to_validation(browser, live_server, filled_march, screenshot_path):
    base = live_server.url
    consultant = browser.new_page(viewport={"width": 1440, "height": 900})
    log_in(consultant, base, CONSULTANT, MONTH)
    consultant.on("dialog", lambda dialog: dialog.accept())
    consultant.get_by_role("button", name="Soumettre le mois").click()
    expect(consultant.locator("#cra-status")).to_have_text("Soumis")
    sheet = Timesheet.objects.get(user=filled_march.user, month=date(2026, 3, 1))

    manager = browser.new_page(viewport={"width": 1440, "height": 900})
    log_in(manager, base, MANAGER, "/validation/")
    row = manager.locator(f"#inbox-{sheet.pk}")
    expect(row).to_contain_text("VAL-TEST")
    expect(row).to_contain_text("Aucune")  # no anomaly on a month filled by the service
    manager.screenshot(path=screenshot_path("validation-inbox.png"), full_page=True)
    row.get_by_role("button", name="Approuver").click()
    expect(manager.locator(f"#inbox-{sheet.pk}")).to_contain_text("validé")

    consultant.reload()
    expect(consultant.locator("#cra-status")).to_have_text("Validé")
    timeline = consultant.locator("#timeline")
    expect(timeline.locator("[data-action]")).to_have_count(2)
    expect(timeline.locator('[data-action="submit"]')).to_contain_text("Soumission")
    expect(timeline.locator('[data-action="approve"]')).to_contain_text("Approbation")
    timeline.scroll_into_view_if_needed()
    timeline.screenshot(path=screenshot_path("validation-timeline.png"))
