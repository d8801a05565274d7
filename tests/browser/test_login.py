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


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_it_takes_a_consultant_from_the_login_page_to_their_home(page, live_server, demo, screenshot_path):
    log_in(page, live_server.url, "consultant@demo.timetrack.test")

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("main")).to_contain_text("Bonjour Camille")
    expect(page.locator("body")).to_contain_text("Démo ESN")
    page.screenshot(path=screenshot_path("home-consultant.png"), full_page=True)


def test_it_refuses_a_wrong_password(page, live_server, demo):
    page.goto(live_server.url)
    page.get_by_label("Adresse e-mail").fill("consultant@demo.timetrack.test")
    page.locator("input[name=password]").fill("not-the-password")
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))
    expect(page.get_by_role("alert")).to_be_visible()


def test_it_collapses_the_navbar_on_a_phone(page, live_server, demo, screenshot_path):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, live_server.url, "consultant@demo.timetrack.test")
    expect(page.get_by_role("main")).to_contain_text("Bonjour")

    toggler = page.locator(".navbar-toggler")
    menu_link = page.locator("#main-nav").get_by_role("link", name="Accueil")
    expect(toggler).to_be_visible()
    expect(menu_link).to_be_hidden()
    page.screenshot(path=screenshot_path("home-phone.png"), full_page=True)

    toggler.click()
    expect(menu_link).to_be_visible()
