"""Profitability on the demo data in a real browser: the projects table sorted by margin, a project's two
charts drawn, no cost anywhere for a project manager, screenshots."""

import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.test_dashboards import drawn, open_as
from timetrack.orgs.models import Membership, Organization
from timetrack.profitability import rollup
from timetrack.profitability.models import CostRate
from timetrack.projects.models import Project

pytestmark = pytest.mark.browser

MANAGER = "manager@demo.timetrack.test"


@pytest.fixture
def demo(transactional_db):
    """The demo organisation, with cost rates and a project managed by the demo manager whatever the
    demo data already holds."""
    call_command("seed_demo", stdout=StringIO())
    org = Organization.objects.get(name="Démo ESN")
    manager = Membership.objects.for_org(org).get(user__email=MANAGER)
    projects = Project.objects.for_org(org).exclude(billing_mode="internal").order_by("code")
    if not projects.filter(project_manager=manager.user).exists():
        projects.filter(pk=projects.first().pk).update(project_manager=manager.user)
    if not CostRate.objects.for_org(org).exists():
        CostRate.objects.bulk_create(
            CostRate(
                organization=org,
                user_id=m.user_id,
                daily_cost=Decimal(380 + m.user_id % 7 * 20),
                effective_from=date(2000, 1, 1),
            )
            for m in Membership.objects.for_org(org)
        )
        rollup.rebuild(org)
    return org


def french_number(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d,-]", "", text.replace("−", "-")).replace(",", "."))


def test_the_admin_sorts_by_margin_and_opens_a_project(browser, live_server, demo, screenshot_path):
    page, errors = open_as(browser, live_server.url, "admin@demo.timetrack.test", "/rentabilite/")
    expect(page.get_by_role("heading", name=re.compile("Rentabilité des projets"))).to_be_visible()
    expect(page.locator("#projects-table tbody tr").first).to_be_visible()
    expect(page.locator("#projects-total")).to_contain_text("€")

    page.locator("th[data-sort=margin] a").click()
    expect(page).to_have_url(re.compile(r"sort=-margin"))
    expect(page.locator("th[data-sort=margin]")).to_have_attribute("aria-sort", "descending")
    margins = [french_number(t) for t in page.locator("td[data-col=margin]").all_inner_texts()]
    assert len(margins) > 1 and margins == sorted(margins, reverse=True)
    page.get_by_role("heading", name=re.compile("Rentabilité des projets")).hover()
    page.screenshot(path=screenshot_path("profitability-projects.png"), full_page=True)

    page.locator("#projects-table tbody tr").first.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/rentabilite/projets/\d+/"))
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('consumption-chart'))"
    )
    assert drawn(page, "money-chart") and drawn(page, "consumption-chart")
    assert (
        page.evaluate("() => Chart.getChart(document.getElementById('money-chart')).data.datasets.length")
        == 3
    )
    expect(page.locator("#card-cost")).to_contain_text("€")
    expect(page.locator("#people tbody tr").first).to_be_visible()
    page.locator("h1").hover()
    page.screenshot(path=screenshot_path("profitability-project.png"), full_page=True)
    assert errors == []


def test_a_project_manager_sees_no_cost(browser, live_server, demo):
    page, errors = open_as(browser, live_server.url, MANAGER, "/rentabilite/")
    expect(page.locator("#projects-table tbody tr").first).to_be_visible()
    expect(page.locator("th[data-sort=margin]")).to_have_count(0)
    expect(page.locator("th[data-sort=cost]")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Coût")
    expect(page.locator("main")).not_to_contain_text("Marge")

    page.locator("#projects-table tbody tr").first.locator("a").first.click()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('money-chart'))")
    assert drawn(page, "consumption-chart")
    assert (
        page.evaluate("() => Chart.getChart(document.getElementById('money-chart')).data.datasets.length")
        == 1
    )
    expect(page.locator("#card-cost")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("CJM")
    assert errors == []
