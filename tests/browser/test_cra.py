"""The CRA grid in a real browser: what only a browser shows (auto-save, keyboard, the phone layout).

March 2026, by explicit URL: the demo seeds the last three months before today, so March 2026 is empty
whenever the suite runs; the demo consultant gets a mission of their own on it.
"""

import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from timetrack.orgs.models import Membership
from timetrack.tests.factories import AssignmentFactory, ProjectFactory
from timetrack.timesheets.models import TimeEntry
from timetrack.timesheets.selectors import activity_type_by_code

pytestmark = pytest.mark.browser

PASSWORD = "timetrack-demo"
EMAIL = "consultant@demo.timetrack.test"
MONTH = "/cra/2026/3/"
WEEKDAYS = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]


@pytest.fixture
def mission(transactional_db):
    """The demo consultant, employed long before March 2026, on a mission from ``start``."""
    call_command("seed_demo", stdout=StringIO())
    person = Membership.objects.select_related("organization").get(user__email=EMAIL)
    person.start_date = date(2020, 1, 1)
    person.save(update_fields=["start_date"])

    def _mission(start=date(2026, 1, 1)):
        project = ProjectFactory(organization=person.organization, code="CRA-TEST", name="Mission de test")
        AssignmentFactory(person=person, project=project, start_date=start)
        project_type = activity_type_by_code(person.organization, "project")
        return f"{project_type.pk}-{project.pk}"

    return _mission


def march():
    """The demo's own entries are of the last months: March 2026 holds only what the test typed."""
    return TimeEntry.objects.filter(date__range=(date(2026, 3, 1), date(2026, 3, 31)))


def log_in(page: Page, base_url: str, url: str) -> None:
    page.goto(base_url + url)
    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(base_url + url)


def cell(page: Page, row: str, day: str):
    return page.locator(f"#g-{row}-{day}")


def test_it_fills_a_week_with_copy_previous_day_and_keeps_it(page, live_server, mission, screenshot_path):
    row = mission()
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server.url, MONTH)

    monday = cell(page, row, WEEKDAYS[0])
    monday.click()
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    expect(page.locator(".cra-indicator")).to_contain_text("Enregistré")
    expect(page.locator("#dt-2026-03-02")).to_have_text("1")

    for day in WEEKDAYS[1:]:
        cell(page, row, day).click()  # chooses the day the toolbar acts on
        page.get_by_role("button", name="Copier la veille").first.click()
        expect(cell(page, row, day)).to_have_value("1")
    expect(page.locator("#wt-2026-10")).to_have_text("5")
    expect(page.locator("#cra-alert")).to_contain_text("La journée du vendredi 6 mars est recopiée.")
    page.screenshot(path=screenshot_path("cra-month.png"), full_page=True)

    page.reload()
    for day in WEEKDAYS:
        expect(cell(page, row, day)).to_have_value("1")
    expect(page.locator("#pt")).to_have_text("5")
    assert march().count() == 5


def test_a_refused_save_says_why_and_keeps_the_typed_value(page, live_server, mission, screenshot_path):
    row = mission(start=date(2026, 3, 9))  # not on the mission in the first week of March
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server.url, MONTH)

    tuesday = cell(page, row, "2026-03-03")
    tuesday.click()
    page.keyboard.type("0,5")
    page.keyboard.press("Tab")

    refused = cell(page, row, "2026-03-03")
    expect(refused).to_have_value("0,5")
    expect(refused).to_have_class(re.compile("is-invalid"))
    expect(refused).to_have_attribute("title", re.compile("affecté\\(e\\) à ce projet à cette date"))
    expect(page.get_by_role("alert")).to_contain_text("Vous n'êtes pas affecté(e) à ce projet à cette date.")
    expect(page.locator(".cra-indicator")).to_contain_text("Non enregistré")
    page.screenshot(path=screenshot_path("cra-error.png"), full_page=True)
    assert not march().exists()

    # Retry on a day of the mission: the value moves, the refusal goes away.
    refused.click()
    page.keyboard.press("Delete")
    page.keyboard.press("Tab")
    expect(cell(page, row, "2026-03-03")).not_to_have_class(re.compile("is-invalid"))
    expect(page.get_by_role("alert")).to_have_count(0)
    cell(page, row, "2026-03-10").fill("0,5")
    cell(page, row, "2026-03-10").press("Tab")
    expect(page.locator("#dt-2026-03-10")).to_contain_text("0,5")
    expect(page.locator(".cra-indicator")).to_contain_text("Enregistré")


def test_a_phone_shows_one_card_per_day_and_saves_from_it(page, live_server, mission, screenshot_path):
    row = mission()
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, live_server.url, MONTH)

    expect(page.locator("table.cra-table")).to_be_hidden()
    expect(page.get_by_role("button", name="Copier la semaine précédente")).to_be_hidden()
    page.get_by_role("button", name="Actions du mois").click()
    expect(page.get_by_role("button", name="Copier la semaine précédente")).to_be_visible()
    page.get_by_role("button", name="Actions du mois").click()
    expect(page.locator("#ld-2026-03-02")).to_be_visible()
    expect(page.locator("#ld-2026-03-02")).to_contain_text("Lundi 2 mars")
    touch = page.locator(f"#li-{row}-2026-03-02")
    box = touch.bounding_box()
    assert box and box["height"] >= 44  # a finger-sized target

    touch.fill("1")
    touch.press("Tab")
    expect(page.locator("#ldt-2026-03-02")).to_contain_text("1")
    expect(page.locator(f"#li-{row}-2026-03-02")).to_have_value("1")
    expect(page.locator(".cra-indicator")).to_contain_text("Enregistré")  # floating: the header is far
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=screenshot_path("cra-phone.png"), full_page=False)
    assert march().get().hours == 7


def test_arrows_move_between_cells_typing_replaces_and_enter_saves(
    page, live_server, mission, screenshot_path
):
    row = mission()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "/cra/semaine/2026/10/")
    page.get_by_label("Ajouter une ligne").select_option(label="Formation")
    training = page.locator("#cra-rows tr").last
    expect(training).to_contain_text("Formation")

    monday = cell(page, row, "2026-03-02")
    monday.click()
    page.keyboard.type("1")
    page.keyboard.press("ArrowRight")
    expect(cell(page, row, "2026-03-03")).to_be_focused()
    page.keyboard.type("0,5")
    page.keyboard.press("Enter")  # saves and moves down, to the training row
    expect(training.locator("input").nth(1)).to_be_focused()
    page.keyboard.type("0,5")
    page.keyboard.press("ArrowUp")
    expect(cell(page, row, "2026-03-03")).to_be_focused()
    # Both saves of the 3rd have landed (0,5 + 0,5): on a loaded machine the keyboard is faster than the
    # server, and a save still on its way is the subject of its own test below.
    expect(page.locator("#dt-2026-03-03")).to_have_text(re.compile(r"^1"))
    page.keyboard.type("0,25")  # typing replaces the 0,5 saved a moment ago
    page.keyboard.press("ArrowLeft")
    expect(monday).to_be_focused()

    expect(page.locator("#dt-2026-03-03")).to_have_text(re.compile(r"^0,75"))
    expect(page.locator("#wt-2026-10")).to_have_text("1,75")
    expect(page.locator(".cra-indicator")).to_contain_text("Enregistré")
    page.screenshot(path=screenshot_path("cra-week.png"), full_page=True)
    hours = sorted(march().values_list("hours", flat=True))
    assert hours == [1.75, 3.5, 7]


def test_a_value_typed_while_the_previous_save_travels_is_kept(page, live_server, mission):
    row = mission()
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server.url, MONTH)
    held = []

    def hold(route):  # the first save waits on the way, the others pass
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(re.compile(r"/cellule/"), hold)

    monday = cell(page, row, "2026-03-02")
    monday.click()
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    monday.click()
    page.keyboard.type("0,5")
    held[0].continue_()

    expect(page.locator("#pt")).to_have_text("1")  # the first save's totals arrived...
    expect(monday).to_have_value("0,5")  # ...without overwriting what was typed since
    page.keyboard.press("Tab")
    expect(page.locator("#pt")).to_have_text("0,5")
    assert march().get().hours == Decimal("3.5")
