"""The dashboards' data: every figure comes from the TACE engine (two aggregate calls), then is grouped
by month, team, agency or person here — ratios of sums, never averages of ratios."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from timetrack.kpis import policies, tace
from timetrack.kpis.forecast import forecast_by_user
from timetrack.kpis.objectives import rating, target_for, targets_for_people
from timetrack.kpis.tace import Figures
from timetrack.lib.calendar import month_bounds
from timetrack.lib.numbers import percent
from timetrack.orgs.models import Membership


@dataclass
class Row:
    """A person, a team or an agency with its figures and the link to what is behind them."""

    label: str
    figures: Figures
    url: str = ""
    member: Membership | None = None
    target: Decimal | None = None

    @property
    def rating(self) -> str | None:
        return rating(self.figures.tace, self.target)


@dataclass
class Card:
    title: str
    period: str
    figures: Figures
    target: Decimal | None = None
    forecast: Figures | None = None  # the month's forecast, for the current month only

    @property
    def rating(self) -> str | None:
        return rating(self.figures.tace, self.target)


@dataclass
class Dashboard:
    start: date
    end: date
    period: str
    month: date
    cards: list[Card]
    overall: Figures
    trend: list[tuple[str, Figures]]
    people: list[Row] = field(default_factory=list)
    teams: list[Row] = field(default_factory=list)
    agencies: list[Row] = field(default_factory=list)
    glance: list[Row] = field(default_factory=list)

    @property
    def leave_rate(self):
        """Leave hours / possible hours, in percent (None when nothing is possible)."""
        return percent(self.overall.leave_hours, self.overall.possible_hours)

    @property
    def group_tables(self) -> list[tuple[str, list[Row]]]:
        return [(_("Équipe"), self.teams), (_("Agence"), self.agencies)]

    def chart_data(self) -> dict:
        def number(value):
            return None if value is None else float(value)

        return {
            "trend": {
                "labels": [label for label, _f in self.trend],
                "tace": [number(f.tace) for _l, f in self.trend],
                "bench": [number(f.bench_rate) for _l, f in self.trend],
            },
            "groups": {
                "labels": [row.label for row in self.teams] + [row.label for row in self.agencies],
                "tace": [number(row.figures.tace) for row in self.teams + self.agencies],
                "kinds": ["team"] * len(self.teams) + ["agency"] * len(self.agencies),
            },
        }


def months_back(day: date, count: int) -> date:
    """The first day of the month ``count`` months before ``day``'s."""
    index = day.year * 12 + day.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def range_label(start: date, end: date) -> str:
    first, last = month_bounds(start.year, start.month)
    if (start, end) == (first, last):
        return date_format(start, "F Y")
    return f"{date_format(start, 'SHORT_DATE_FORMAT')} – {date_format(end, 'SHORT_DATE_FORMAT')}"


def cra_url(user_id: int, month: date) -> str:
    return _month_url(month.year, month.month) + f"?user={user_id}"


@lru_cache(maxsize=64)
def _month_url(year: int, month: int) -> str:
    """Reversed once per month: a ranking of thousands of people links each row to it."""
    return reverse("timesheets:month", args=[year, month])


def _meaningful(figures: Figures) -> bool:
    return bool(
        figures.possible_hours or figures.leave_hours or figures.billable_hours or figures.bench_hours
    )


def _ranked(rows: list[Row]) -> list[Row]:
    """Highest TACE first; undefined ones last, by name."""
    return sorted(rows, key=lambda r: (r.figures.tace is None, -(r.figures.tace or 0), r.label.lower()))


def scoped_members(org, user_ids=None, *, team=None, agency=None) -> list[Membership]:
    members = Membership.objects.for_org(org).select_related("user", "team", "agency")
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    if team is not None:
        members = members.filter(team=team)
    if agency is not None:
        members = members.filter(agency=agency)
    return list(members)


def _cards(
    by_month: dict[str, Figures], month: date, cutoff: date
) -> tuple[list[Card], list[tuple[str, Figures]]]:
    """The month, quarter and year cards up to ``cutoff`` (today in the current month: "à date")."""
    trend_months = [months_back(month, n) for n in range(11, -1, -1)]
    trend = [(date_format(m, "N Y"), by_month.get(f"{m:%Y-%m}", Figures())) for m in trend_months]
    quarter = date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)
    series = dict(zip(trend_months, (f for _label, f in trend), strict=True))

    def since(first: date) -> Figures:
        return tace.total(f for m, f in series.items() if m >= first)

    cards = [
        Card(_("TACE du mois"), range_label(month, cutoff), since(month)),
        Card(_("TACE du trimestre"), range_label(quarter, cutoff), since(quarter)),
        Card(
            _("TACE de l'année"),
            range_label(date(month.year, 1, 1), cutoff),
            since(date(month.year, 1, 1)),
        ),
    ]
    return cards, trend


def _month_forecast(org, month: date, user_ids, today: date, timeline) -> Figures | None:
    """The forecast of the people's current month (None for any other month)."""
    if (month.year, month.month) != (today.year, today.month):
        return None
    forecast = forecast_by_user(
        org, month.year, month.month, user_ids=user_ids, today=today, timeline=timeline
    )
    return tace.total(forecast.values())


def dashboard(
    org,
    start: date,
    end: date,
    *,
    members: list[Membership],
    validated_only=False,
    links=None,
    today: date | None = None,
    team=None,
    person_id: int | None = None,
    whole_org: bool = False,
) -> Dashboard:
    """The figures of ``members`` over [start, end], and the month of ``end`` against its quarter, its year
    and the eleven months before it. ``links`` are the current filters, kept in the groups' links.

    Targets are those in force on ``today``: each person's, and on the month card the organisation's (the
    ``team``'s when filtered by a team, the ``person_id``'s on their own page)."""
    today = today or timezone.localdate()
    user_ids = [m.user_id for m in members]
    # the whole organisation needs no list of thousands of ids in every aggregate's WHERE
    scope = None if whole_org else user_ids
    month = end.replace(day=1)
    month_end = month_bounds(month.year, month.month)[1]
    # The trend needs months of the whole population, the glance people of one month: two small reads
    # rather than every person × every month. The TACE policies are read once for all of them.
    engine = {"user_ids": scope, "validated_only": validated_only, "timeline": policies.timeline_of(org)}
    # The current month counts to date: its remaining days have no entries yet (the forecast covers them).
    cutoff = today if month <= today < month_end else month_end
    trend_months = tace.by_month(org, months_back(month, 11), cutoff, **engine)
    this_month = tace.by_user(org, month, cutoff, **engine)
    figures = tace.by_user(org, start, end, **engine)
    cards, trend = _cards(trend_months, month, cutoff)
    targets = targets_for_people(org, user_ids, today)  # two queries
    if person_id is not None:
        cards[0].target = targets.get(person_id)
    else:
        cards[0].target = target_for(org, team_id=team.pk if team else None, on=today)  # one query
    cards[0].forecast = _month_forecast(org, month, scope, today, engine["timeline"])  # four queries
    board = Dashboard(start, end, range_label(start, end), month, cards, tace.total(figures.values()), trend)
    links = {k: v for k, v in (links or {}).items() if k not in ("team", "agency") and v}
    teams, agencies = {}, {}
    for member in members:
        person = figures.get(member.user_id, Figures())
        target = targets.get(member.user_id)
        name = member.user.get_full_name() or member.user.email
        if _meaningful(person):
            board.people.append(Row(name, person, cra_url(member.user_id, month), member, target))
        glance = this_month.get(member.user_id, Figures())
        if _meaningful(glance):
            board.glance.append(Row(name, glance, cra_url(member.user_id, month), member, target))
        for groups, key, obj in ((teams, "team", member.team), (agencies, "agency", member.agency)):
            if obj is not None:
                url = "?" + urlencode({**links, key: obj.pk}) + "#ranking"
                row = groups.setdefault(obj.pk, Row(obj.name, Figures(), url))
                row.figures = row.figures + person
    board.people = _ranked(board.people)
    board.glance = sorted(board.glance, key=lambda r: r.label.lower())
    board.teams = sorted(teams.values(), key=lambda r: r.label.lower())
    board.agencies = sorted(agencies.values(), key=lambda r: r.label.lower())
    return board


def my_tace(membership, today: date) -> list[Card]:
    """A consultant's TACE of the month and of the year, to date (``today``)."""
    month = today.replace(day=1)
    org, user_id = membership.organization, membership.user_id
    timeline = policies.timeline_of(org)
    monthly = tace.by_user_and_month(
        org, date(month.year, 1, 1), today, user_ids=[user_id], timeline=timeline
    )
    year = tace.total(monthly.values())
    return [
        Card(
            _("Mon TACE du mois"),
            range_label(month, today),
            monthly.get((user_id, f"{month:%Y-%m}"), Figures()),
            target=target_for(org, user_id=user_id, team_id=membership.team_id, on=today),
            forecast=_month_forecast(org, month, [user_id], today, timeline),
        ),
        Card(_("Mon TACE de l'année"), range_label(date(month.year, 1, 1), today), year),
    ]
