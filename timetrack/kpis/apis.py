"""``GET /api/v1/reports/tace``: TACE per person, per month or per team, with the organisation total."""

from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from timetrack.api.permissions import membership_of
from timetrack.kpis import tace
from timetrack.lib.calendar import month_bounds
from timetrack.lib.errors import DomainError
from timetrack.orgs.models import Membership
from timetrack.orgs.selectors import visible_user_ids

GROUPS = ("user", "month", "team")
BAD_DATE = _("Date attendue au format AAAA-MM-JJ.")
BAD_RANGE = _("La date de fin doit suivre la date de début, sur au plus trois ans.")
BAD_GROUP = _("Regroupement attendu : user, month ou team.")


def _date(params, name: str, default: date) -> date:
    if not params.get(name):
        return default
    try:
        return date.fromisoformat(params[name])
    except ValueError as exc:
        raise DomainError(BAD_DATE, field=name) from exc


def _check_in_org(org, name: str, pk: int) -> None:
    """A person or team of another organisation is a 404, as everywhere: its existence is not revealed."""
    from timetrack.orgs.models import Team

    found = (
        Membership.objects.for_org(org).filter(user_id=pk)
        if name == "user"
        else Team.objects.for_org(org).filter(pk=pk)
    )
    if not found.exists():
        raise Http404


def _row(figures: tace.Figures, **keys) -> dict:
    """Hours rounded to the hundredth for display; the rates computed from the exact hours."""
    shown = figures.rounded()
    rates = {"tace": figures.tace, "taci": figures.taci, "bench_rate": figures.bench_rate}
    return {
        **keys,
        "possible_hours": str(shown.possible_hours),
        "leave_hours": str(shown.leave_hours),
        "billable_hours": str(shown.billable_hours),
        "bench_hours": str(shown.bench_hours),
        **{name: None if value is None else str(value) for name, value in rates.items()},
    }


ROW = {
    name: serializers.CharField(allow_null=True)
    for name in (
        "possible_hours",
        "leave_hours",
        "billable_hours",
        "bench_hours",
        "tace",
        "taci",
        "bench_rate",
    )
}


class TaceReportView(APIView):
    """TACE = billable / (possible − leave) × 100, over any period; aggregates are ratios of sums.
    A consultant sees themselves, a manager their subtree, admins and finance everyone."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", date, description="Début (défaut : 1er du mois courant)"),
            OpenApiParameter("to", date, description="Fin incluse (défaut : fin du mois courant)"),
            OpenApiParameter("user", int),
            OpenApiParameter("team", int),
            OpenApiParameter("group_by", str, enum=list(GROUPS)),
            OpenApiParameter("validated_only", bool),
        ],
        responses=inline_serializer(
            "TaceReport",
            {
                "results": inline_serializer(
                    "TaceRow",
                    {
                        "user": serializers.IntegerField(allow_null=True),
                        "team": serializers.IntegerField(allow_null=True),
                        "period": serializers.CharField(),
                        **ROW,
                    },
                    many=True,
                ),
                "total": inline_serializer("TaceTotal", {"period": serializers.CharField(), **ROW}),
            },
        ),
    )
    def get(self, request):
        caller = membership_of(request)
        params = request.query_params
        first, last = month_bounds(*timezone.localdate().timetuple()[:2])
        start, end = _date(params, "from", first), _date(params, "to", last)
        if end < start or (end - start).days > 3 * 366:
            raise DomainError(BAD_RANGE, field="to")
        group_by = params.get("group_by") or "user"
        if group_by not in GROUPS:
            raise DomainError(BAD_GROUP, field="group_by")
        user_ids = self._scope(caller, params)
        validated = params.get("validated_only", "").lower() in ("1", "true", "yes")
        period = f"{start}/{end}"
        if group_by == "month":
            months = tace.by_month(
                caller.organization, start, end, user_ids=user_ids, validated_only=validated
            )
            rows = [_row(f, user=None, team=None, period=label) for label, f in sorted(months.items())]
            overall = tace.total(months.values())
        else:
            figures = tace.by_user(
                caller.organization, start, end, user_ids=user_ids, validated_only=validated
            )
            if group_by == "team":
                teams = dict(
                    Membership.objects.for_org(caller.organization).values_list("user_id", "team_id")
                )
                grouped = tace.group(figures, key=lambda user_id: teams.get(user_id))
                rows = [_row(f, user=None, team=team, period=period) for team, f in grouped.items() if team]
            else:
                rows = [
                    _row(f, user=user_id, team=None, period=period) for user_id, f in sorted(figures.items())
                ]
            overall = tace.total(figures.values())
        return Response({"results": rows, "total": _row(overall, period=period)})

    def _scope(self, caller, params) -> list[int] | None:
        """The people counted: the caller's visible scope, narrowed by ?user= and ?team= (None: the
        whole organisation, read without a list of thousands of ids in every aggregate)."""
        members = Membership.objects.for_org(caller.organization)
        visible = visible_user_ids(caller)
        if visible is None and not params.get("user") and not params.get("team"):
            return None
        if visible is not None:
            members = members.filter(user_id__in=visible)
        for name, lookup in (("user", "user_id"), ("team", "team_id")):
            if params.get(name):
                if not params[name].isdigit():
                    raise DomainError(_("Identifiant attendu."), field=name)
                _check_in_org(caller.organization, name, int(params[name]))
                members = members.filter(**{lookup: int(params[name])})
        return list(members.values_list("user_id", flat=True))
