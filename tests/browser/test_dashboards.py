"""The TACE dashboards on the demo data in a real browser: charts drawn, no console error, screenshots."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "timetrack-demo"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())


def open_as(browser, base: str, email: str, url: str) -> tuple[Page, list[str]]:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, reduced_motion="reduce")
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + url)
    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(base + url)
    return page, errors


def drawn(page: Page, canvas_id: str) -> bool:
    """Chart.js attaches a chart to the canvas once it has drawn it."""
    return page.evaluate(f"() => !!window.Chart && !!Chart.getChart(document.getElementById('{canvas_id}'))")


def test_the_admin_sees_the_organisation_dashboard(browser, live_server, demo, screenshot_path):
    page, errors = open_as(browser, live_server.url, "admin@demo.timetrack.test", "/indicateurs/")
    expect(page.get_by_role("heading", name="Indicateurs de l'organisation")).to_be_visible()
    expect(page.locator("#tace-cards .tace").first).to_have_text(re.compile(r"^(\d+,\d\d %|—)$"))
    expect(page.locator("#ranking tbody tr").first).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('groups-chart'))")
    assert drawn(page, "trend-chart") and drawn(page, "groups-chart")
    page.get_by_role("link", name="Indicateurs").hover()  # no tooltip left open on the screenshot
    page.screenshot(path=screenshot_path("tace-organisation.png"), full_page=True)
    assert errors == []


def test_the_manager_sees_the_team_dashboard(browser, live_server, demo, screenshot_path):
    page, errors = open_as(browser, live_server.url, "manager@demo.timetrack.test", "/indicateurs/equipe/")
    expect(page.get_by_role("heading", name="Indicateurs de mon équipe")).to_be_visible()
    expect(page.locator("#glance tbody tr[data-user]").first).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('trend-chart'))")
    page.screenshot(path=screenshot_path("tace-team.png"), full_page=True)
    assert errors == []


def test_the_consultant_sees_their_tace_at_home(browser, live_server, demo, screenshot_path):
    page, errors = open_as(browser, live_server.url, "consultant@demo.timetrack.test", "/")
    card = page.locator("#home-tace-1")
    expect(card).to_contain_text("Mon TACE du mois")
    expect(card.locator(".tace")).to_have_text(re.compile(r"^(\d+,\d\d %|—)$"))
    expect(card.locator(".tace")).to_have_attribute("title", re.compile("dénominateur"))
    expect(page.locator("#home-tace-2")).to_contain_text("Mon TACE de l'année")
    page.screenshot(path=screenshot_path("tace-consultant.png"), full_page=True)
    assert errors == []
