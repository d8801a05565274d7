"""API of time entries and CRAs: ``/api/v1/time-entries`` (with ``/bulk``) and ``/api/v1/timesheets``."""

from datetime import date

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from timetrack.api.permissions import membership_of
from timetrack.approvals import services as approvals
from timetrack.approvals.models import Action
from timetrack.approvals.selectors import history as approval_history
from timetrack.approvals.selectors import is_routed_to
from timetrack.lib.errors import DomainError
from timetrack.lib.numbers import quantize2
from timetrack.orgs.access import get_member_for
from timetrack.orgs.models import Membership
from timetrack.orgs.scoping import get_for_org
from timetrack.orgs.selectors import visible_user_ids
from timetrack.timesheets import services, statements
from timetrack.timesheets.access import check_can_edit_for
from timetrack.timesheets.models import TimeEntry, Timesheet, TimesheetStatus
from timetrack.timesheets.selectors import activity_types, cached_activity_type, timesheet_for
from timetrack.timesheets.units import to_days

ONE_QUANTITY = _("Indiquez soit « hours », soit « days », pas les deux.")
NO_QUANTITY = _("Indiquez la quantité en « hours » ou en « days ».")
UNKNOWN_ACTIVITY = _("Type d'activité inconnu : %(code)s.")
UNKNOWN_PROJECT = _("Projet inconnu.")
UNKNOWN_USER = _("Cette personne n'est pas membre de l'organisation.")
BAD_MONTH = _("Mois attendu au format AAAA-MM.")
BAD_DATE = _("Date attendue au format AAAA-MM-JJ.")
MAX_BULK = 5000


class TimeEntryWriteSerializer(serializers.Serializer):
    user = serializers.IntegerField(required=False, help_text="Par défaut l'appelant.")
    date = serializers.DateField()
    activity_type = serializers.CharField(max_length=40, help_text="Code du type d'activité.")
    project = serializers.IntegerField(required=False, allow_null=True, default=None)
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    days = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if "hours" in attrs and "days" in attrs:
            raise serializers.ValidationError({"hours": [ONE_QUANTITY], "days": [ONE_QUANTITY]})
        if not self.partial and "hours" not in attrs and "days" not in attrs:
            raise serializers.ValidationError({"hours": [NO_QUANTITY], "days": [NO_QUANTITY]})
        return attrs


class TimeEntrySerializer(serializers.Serializer):
    """The read shape: both hours and days as 2-decimal strings, the activity type by its code."""

    # The fields describe the shape for the schema; entry_representation writes it.

    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    date = serializers.DateField()
    activity_type = serializers.CharField(source="activity_type.code")
    project = serializers.IntegerField(source="project_id", allow_null=True)
    hours = serializers.CharField(read_only=True)
    days = serializers.CharField(read_only=True)
    comment = serializers.CharField()
    timesheet = serializers.IntegerField(source="timesheet_id")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def to_representation(self, entry):
        return entry_representation(entry, self.context["org"])


_DATETIME = serializers.DateTimeField()  # only its output format (ISO 8601 in the current time zone)


def entry_representation(entry: TimeEntry, org) -> dict:
    """The read shape of an entry, built directly: every auto-save answers it, and a serializer's
    per-instance copy of its fields cost more than the save's own statements."""
    return {
        "id": entry.pk,
        "user": entry.user_id,
        "date": entry.date.isoformat(),
        "activity_type": entry.activity_type.code,
        "project": entry.project_id,
        "hours": str(quantize2(entry.hours)),
        "days": str(to_days(entry.hours, org=org)),
        "comment": entry.comment,
        "timesheet": entry.timesheet_id,
        "created_at": _DATETIME.to_representation(entry.created_at),
        "updated_at": _DATETIME.to_representation(entry.updated_at),
    }


def _person(actor: Membership, user_id: int | None) -> Membership:
    """The member written for: the caller by default; naming someone else needs the scope to edit them."""
    if user_id is None or user_id == actor.user_id:
        return actor
    person = (
        Membership.objects.for_org(actor.organization)
        .select_related("organization", "user", "agency")
        .filter(user_id=user_id)
        .first()
    )
    if person is None:
        raise DomainError(UNKNOWN_USER, field="user")
    check_can_edit_for(actor, person)
    return person


def _cell(org, data: dict, *, base: TimeEntry | None = None, types: dict | None = None) -> services.Cell:
    """A service Cell from validated API data (merged over ``base`` for a PATCH)."""
    code = data.get("activity_type", base.activity_type.code if base else None)
    activity_type = types.get(code) if types is not None else cached_activity_type(org, code)
    if activity_type is None:
        raise DomainError(UNKNOWN_ACTIVITY % {"code": code}, field="activity_type")
    project = base.project if base is not None and "project" not in data else None
    if data.get("project") is not None:
        project = statements.project(org.pk, data["project"])
        if project is None:
            raise DomainError(UNKNOWN_PROJECT, field="project")
    if "days" in data:
        quantity, unit = data["days"], "days"
    elif "hours" in data:
        quantity, unit = data["hours"], "hours"
    else:
        quantity, unit = base.hours, "hours"
    return services.Cell(
        day=data.get("date", base.date if base else None),
        activity_type=activity_type,
        project=project,
        quantity=quantity,
        unit=unit,
        comment=data.get("comment", base.comment if base else ""),
    )


def _quantity_field(error: DomainError, data: dict) -> DomainError:
    """Rules speak of the quantity; the API names the field the caller used."""
    if error.field == "quantity":
        error.field = "days" if "days" in data else "hours"
    return error


def _parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise DomainError(BAD_DATE, field=field) from exc


ENTRY_FILTERS = [
    OpenApiParameter("user", int),
    OpenApiParameter("from", date),
    OpenApiParameter("to", date),
    OpenApiParameter("project", int),
    OpenApiParameter("activity_type", str, description="Code"),
]


@extend_schema_view(
    list=extend_schema(parameters=ENTRY_FILTERS, responses=TimeEntrySerializer),
    retrieve=extend_schema(responses=TimeEntrySerializer),
    create=extend_schema(request=TimeEntryWriteSerializer, responses={201: TimeEntrySerializer}),
    partial_update=extend_schema(request=TimeEntryWriteSerializer, responses=TimeEntrySerializer),
)
class TimeEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Time entries. A consultant reads and writes their own; a manager their subtree; admins everyone."""

    serializer_class = TimeEntrySerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]+"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "org": membership_of(self.request).organization}

    def get_queryset(self):
        caller = membership_of(self.request)
        queryset = (
            TimeEntry.objects.for_org(caller.organization)
            .select_related("activity_type")
            .order_by("date", "id")
        )
        visible = visible_user_ids(caller)
        if visible is not None:
            queryset = queryset.filter(user_id__in=visible)
        params = self.request.query_params
        for name, lookup in (("user", "user_id"), ("project", "project_id")):
            if name in params:
                if not params[name].isdigit():
                    raise DomainError(_("Identifiant attendu."), field=name)
                queryset = queryset.filter(**{lookup: int(params[name])})
        if params.get("from"):
            queryset = queryset.filter(date__gte=_parse_date(params["from"], "from"))
        if params.get("to"):
            queryset = queryset.filter(date__lte=_parse_date(params["to"], "to"))
        if params.get("activity_type"):
            queryset = queryset.filter(activity_type__code=params["activity_type"])
        return queryset

    def _entry(self, pk) -> tuple[TimeEntry, Membership]:
        caller = membership_of(self.request)
        entry = get_for_org(
            TimeEntry.objects.select_related("activity_type", "project"), caller.organization, pk=pk
        )
        person = get_member_for(caller, entry.user_id)
        return entry, person

    def retrieve(self, request, pk=None):
        entry = self._entry(pk)[0]
        return Response(self.get_serializer(entry).data)

    def create(self, request):
        caller = membership_of(request)
        data = _validated(TimeEntryWriteSerializer(data=request.data))
        person = _person(caller, data.get("user"))
        cell = _cell(caller.organization, data)
        if not cell.quantity:
            raise _quantity_field(DomainError(services.rules.NOT_POSITIVE, field="quantity"), data)
        try:
            entry = services.save_entry(actor=caller, person=person, cell=cell)
        except DomainError as error:
            raise _quantity_field(error, data) from None
        code = status.HTTP_201_CREATED if entry.was_created else status.HTTP_200_OK
        return Response(entry_representation(entry, caller.organization), status=code)

    def partial_update(self, request, pk=None):
        caller = membership_of(request)
        entry, person = self._entry(pk)
        data = _validated(TimeEntryWriteSerializer(data=request.data, partial=True))
        check_can_edit_for(caller, person)
        try:
            entry = services.update_entry(
                actor=caller, person=person, entry=entry, cell=_cell(caller.organization, data, base=entry)
            )
        except DomainError as error:
            raise _quantity_field(error, data) from None
        return Response(self.get_serializer(entry).data)

    def destroy(self, request, pk=None):
        caller = membership_of(request)
        entry, person = self._entry(pk)
        services.delete_entry(actor=caller, person=person, entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=inline_serializer(
            "BulkEntries",
            {
                "user": serializers.IntegerField(required=False),
                "entries": TimeEntryWriteSerializer(many=True),
            },
        ),
        responses=inline_serializer(
            "BulkResult", {"saved": serializers.IntegerField(), "cleared": serializers.IntegerField()}
        ),
    )
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request):
        """Upsert a week or a month in one atomic request; a quantity of 0 clears the cell."""
        caller = membership_of(request)
        body = request.data if isinstance(request.data, dict) else {}
        rows = body.get("entries")
        if not isinstance(rows, list) or not rows or len(rows) > MAX_BULK:
            raise DomainError(
                _("Une liste « entries » de 1 à %(max)s saisies est attendue.") % {"max": MAX_BULK},
                field="entries",
            )
        user_id = body.get("user")
        if user_id is not None and not isinstance(user_id, int):
            raise DomainError(_("Identifiant attendu."), field="user")
        person = _person(caller, user_id)
        rows_serializer = TimeEntryWriteSerializer(data=rows, many=True)
        if not rows_serializer.is_valid():
            errors = rows_serializer.errors
            pairs = errors.items() if isinstance(errors, dict) else enumerate(errors)
            errors = {str(i): e for i, e in pairs if e}
            return Response({"entries": errors}, status=status.HTTP_400_BAD_REQUEST)
        cells = []
        types = {t.code: t for t in activity_types(caller.organization)}
        for index, data in enumerate(rows_serializer.validated_data):
            try:
                cells.append(_cell(caller.organization, data, types=types))
            except DomainError as error:
                return Response(
                    {"entries": {str(index): error.as_dict()}}, status=status.HTTP_400_BAD_REQUEST
                )
        try:
            results = services.save_entries(actor=caller, person=person, cells=cells)
        except DomainError as error:
            index = getattr(error, "index", None)
            if index is None:
                raise
            _quantity_field(error, rows_serializer.validated_data[index])
            return Response({"entries": {str(index): error.as_dict()}}, status=status.HTTP_400_BAD_REQUEST)
        saved = sum(1 for r in results if r is not None)
        return Response({"saved": saved, "cleared": len(results) - saved})


def _validated(serializer) -> dict:
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class EventSerializer(serializers.Serializer):
    action = serializers.CharField()
    actor = serializers.SerializerMethodField()
    actor_name = serializers.CharField(source="actor_label")
    on_behalf_of = serializers.IntegerField(source="on_behalf_of_id", allow_null=True)
    at = serializers.DateTimeField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    step = serializers.IntegerField(allow_null=True)
    comment = serializers.CharField()
    totals = serializers.DictField()

    def get_actor(self, event) -> int | None:
        return event.actor_id


class TimesheetSerializer(serializers.ModelSerializer):
    month = serializers.DateField(format="%Y-%m")
    total_hours = serializers.SerializerMethodField()
    total_days = serializers.SerializerMethodField()

    class Meta:
        model = Timesheet
        fields = [
            "id",
            "user",
            "month",
            "status",
            "current_step",
            "total_days",
            "total_hours",
            "submitted_at",
            "validated_at",
        ]

    def get_total_hours(self, sheet) -> str:
        return str(quantize2(sheet.hours_sum or 0))

    def get_total_days(self, sheet) -> str:
        return str(to_days(sheet.hours_sum or 0, org=self.context["org"]))


def _parse_month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError as exc:
        raise DomainError(BAD_MONTH, field="month") from exc


TIMESHEET_FILTERS = [
    OpenApiParameter("user", int),
    OpenApiParameter(
        "month", str, description="AAAA-MM ; avec user (ou pour soi), le CRA est créé s'il manque."
    ),
    OpenApiParameter("status", str, enum=TimesheetStatus.values),
]


@extend_schema_view(list=extend_schema(parameters=TIMESHEET_FILTERS))
class TimesheetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """CRAs (one person's month). Asking for a month creates its draft, so there is always one to act on."""

    serializer_class = TimesheetSerializer
    lookup_value_regex = r"[0-9]+"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "org": membership_of(self.request).organization}

    def _base(self):
        caller = membership_of(self.request)
        queryset = Timesheet.objects.for_org(caller.organization).annotate(hours_sum=Sum("entries__hours"))
        visible = visible_user_ids(caller)
        return queryset if visible is None else queryset.filter(user_id__in=visible)

    def get_queryset(self):
        caller = membership_of(self.request)
        params = self.request.query_params
        queryset = self._base().order_by("-month", "user_id")
        if "user" in params and not params["user"].isdigit():
            raise DomainError(_("Identifiant attendu."), field="user")
        user_id = int(params["user"]) if params.get("user") else None
        if params.get("month"):
            month = _parse_month(params["month"])
            queryset = queryset.filter(month=month)
            self._ensure_draft(caller, user_id or caller.user_id, month)
        if user_id is not None:
            queryset = queryset.filter(user_id=user_id)
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        return queryset

    def _ensure_draft(self, caller, user_id: int, month: date) -> None:
        visible = visible_user_ids(caller)
        if visible is not None and user_id not in visible:
            return
        if Membership.objects.for_org(caller.organization).filter(user_id=user_id).exists():
            timesheet_for(org=caller.organization, user_id=user_id, month=month)

    def _sheet(self, pk) -> tuple[Timesheet, Membership]:
        caller = membership_of(self.request)
        sheet = get_for_org(
            Timesheet.objects.annotate(hours_sum=Sum("entries__hours")).select_related("route"),
            caller.organization,
            pk=pk,
        )
        if is_routed_to(sheet, caller.user_id, timezone.localdate()):  # its approvers read it too
            return sheet, get_for_org(
                Membership.objects.select_related("user"), caller.organization, user_id=sheet.user_id
            )
        return sheet, get_member_for(caller, sheet.user_id)

    def retrieve(self, request, pk=None):
        sheet = self._sheet(pk)[0]
        return Response(self.get_serializer(sheet).data)

    def _answer(self, pk):
        return Response(self.get_serializer(self._sheet(pk)[0]).data)

    @extend_schema(request=None, responses=TimesheetSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        sheet, person = self._sheet(pk)
        approvals.submit_timesheet(
            actor=membership_of(request), person=person, month=sheet.month, ip=_ip(request)
        )
        return self._answer(pk)

    @extend_schema(request=CommentSerializer, responses=TimesheetSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        self._sheet(pk)
        comment = _validated(CommentSerializer(data=request.data)).get("comment", "")
        approvals.approve_timesheet(
            actor=membership_of(request), timesheet_id=pk, comment=comment, ip=_ip(request)
        )
        return self._answer(pk)

    @extend_schema(request=CommentSerializer, responses=TimesheetSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._send_back(request, pk, Action.REJECT)

    @extend_schema(request=CommentSerializer, responses=TimesheetSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        return self._send_back(request, pk, Action.REQUEST_CHANGES)

    def _send_back(self, request, pk, action_code):
        self._sheet(pk)
        comment = _validated(CommentSerializer(data=request.data)).get("comment", "")
        approvals.send_back(
            actor=membership_of(request),
            timesheet_id=pk,
            action=action_code,
            comment=comment,
            ip=_ip(request),
        )
        return self._answer(pk)

    @extend_schema(request=None, responses=TimesheetSerializer)
    @action(detail=True, methods=["post"])
    def recall(self, request, pk=None):
        self._sheet(pk)
        approvals.recall_timesheet(actor=membership_of(request), timesheet_id=pk, ip=_ip(request))
        return self._answer(pk)

    @extend_schema(request=ReasonSerializer, responses=TimesheetSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        self._sheet(pk)
        reason = _validated(ReasonSerializer(data=request.data)).get("reason", "")
        approvals.reopen_timesheet(
            actor=membership_of(request), timesheet_id=pk, reason=reason, ip=_ip(request)
        )
        return self._answer(pk)

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        sheet = self._sheet(pk)[0]
        return Response(EventSerializer(approval_history(sheet), many=True).data)


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
