"""The Excel export of the projects table, opened back: figures as numbers, cost columns for admin and
finance only."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
URL = "/rentabilite/export.xlsx?from=2026-03-01&to=2026-03-31"


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def _rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_finance_gets_every_figure_of_the_period(books, login):
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 13)))  # 10 days at 500 €, CJM 300 €
    rows = _rows(_sheet(login(books.p.finance).get(URL)))
    header, line, total = rows[1], rows[2], rows[-1]
    assert rows[0][1] == "01/03/2026 – 31/03/2026"
    assert header[-4:] == ["Coût", "Marge brute", "Taux de marge (%)", "ROI (%)"]
    values = dict(zip(header, line, strict=True))
    assert values["Code"] == books.project.code
    assert Decimal(str(values["Chiffre d'affaires"])) == Decimal("5000")
    assert Decimal(str(values["Coût"])) == Decimal("3000")
    assert Decimal(str(values["Taux de marge (%)"])) == Decimal("40")
    assert Decimal(str(values["Budget consommé (%)"])) == Decimal("50")  # 10 of 20 days
    assert total[0] == "Total"
    assert Decimal(str(dict(zip(header, total, strict=True))["Marge brute"])) == Decimal("2000")


def test_a_project_manager_gets_no_cost_column(books, login):
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 13)))
    sheet = _sheet(login(books.p.manager).get(URL))  # the manager runs the project
    rows = _rows(sheet)
    flat = [value for row in rows for value in row]
    assert "Coût" not in flat and "Marge brute" not in flat
    assert 3000 not in flat and Decimal("3000") not in flat
    assert len(rows) == 4  # title, header, the managed project, totals


def test_a_consultant_gets_a_403(books, login):
    assert login(books.p.consultant).get(URL).status_code == 403


def test_another_organisations_projects_never_appear(books, login, personas):
    rows = _rows(_sheet(login(personas.other).get(URL)))
    assert len(rows) == 3  # title, header, totals: no project of org A
