"""The projects table as an Excel workbook: the same figures as the screen, and the same rule — the cost,
margin, margin rate and ROI columns exist only for admin and finance."""

from datetime import date
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from timetrack.orgs.access import member_required
from timetrack.profitability import access, engine

EUROS = '#,##0.00 "€"'
DAYS = "#,##0.00"
PERCENT = '0.00" %"'


def _columns(with_costs: bool):
    """(title, value of a ProjectFigures, number format)."""
    columns = [
        (_("Code"), lambda f: f.project.code, None),
        (_("Projet"), lambda f: f.project.name, None),
        (_("Client"), lambda f: f.project.client.name if f.project.client else "", None),
        (_("Mode"), lambda f: str(f.project.get_billing_mode_display()), None),
        (_("Jours facturables"), lambda f: f.money.billable_days, DAYS),
        (_("Budget (jours)"), lambda f: f.budget_days, DAYS),
        (_("Jours consommés"), lambda f: f.consumed_days, DAYS),
        (_("Budget consommé (%)"), lambda f: f.budget_consumed_percent, PERCENT),
        (_("Prévision à terminaison (jours)"), lambda f: f.forecast_at_completion_days, DAYS),
        (_("Chiffre d'affaires"), lambda f: f.money.revenue, EUROS),
    ]
    if with_costs:
        columns += [
            (_("Coût"), lambda f: f.money.cost, EUROS),
            (_("Marge brute"), lambda f: f.money.gross_margin, EUROS),
            (_("Taux de marge (%)"), lambda f: f.money.margin_rate, PERCENT),
            (_("ROI (%)"), lambda f: f.money.roi, PERCENT),
        ]
    return columns


def projects_workbook(figures: list, *, with_costs: bool, start: date | None, end: date | None) -> bytes:
    """An .xlsx of the projects' figures with a totals row (ratios of sums); numbers stay numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Rentabilité")
    period = " – ".join(d.strftime("%d/%m/%Y") for d in (start, end) if d) or _("toute la durée")
    sheet.append([_("Rentabilité des projets"), period])
    sheet["A1"].font = Font(bold=True)
    columns = _columns(with_costs)
    sheet.append([title for title, _value, _fmt in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for f in figures:
        sheet.append([value(f) for _title, value, _fmt in columns])
    totals = engine.total(figures)
    total_row = {
        _("Jours facturables"): totals.billable_days,
        _("Chiffre d'affaires"): totals.revenue,
        _("Coût"): totals.cost,
        _("Marge brute"): totals.gross_margin,
        _("Taux de marge (%)"): totals.margin_rate,
        _("ROI (%)"): totals.roi,
    }
    sheet.append(
        [_("Total")]
        + [total_row.get(title) if with_costs or title in total_row else None for title, *_r in columns[1:]]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, (title, _value, number_format) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(title) + 2)
        if number_format:
            for row in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                row[0].number_format = number_format
    sheet.freeze_panes = "A3"
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _day(value: str | None, default: date | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@member_required()
def export_projects(request):
    """GET /rentabilite/export.xlsx?from=&to=&client=&mode= (default: the year to date)."""
    membership = request.membership
    access.require_access(membership)
    today = timezone.localdate()
    start = _day(request.GET.get("from"), today.replace(month=1, day=1))
    end = _day(request.GET.get("to"), today)
    if start and end and end < start:
        start, end = end, start
    projects = access.visible_projects(membership)
    client = request.GET.get("client", "")
    if client.isdigit() and len(client) < 19:  # an id, not a number too big for the database
        projects = projects.filter(client_id=int(client))
    if request.GET.get("mode"):
        projects = projects.filter(billing_mode=request.GET["mode"])
    figures = engine.projects(membership.organization, start, end, queryset=projects)
    content = projects_workbook(figures, with_costs=access.sees_costs(membership), start=start, end=end)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="rentabilite-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response
