"""API of people: ``/api/v1/users`` (a user as seen in the caller's organisation)."""

from decimal import Decimal

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from timetrack.api.permissions import membership_of
from timetrack.orgs.access import get_member_for, require_admin
from timetrack.orgs.models import Agency, Calendar, Membership, Role, Team
from timetrack.orgs.scoping import get_for_org
from timetrack.orgs.selectors import visible_memberships
from timetrack.orgs.services import add_member, update_member


class OrgRelatedField(serializers.PrimaryKeyRelatedField):
    """A key to an object of the caller's organisation (another organisation's key is 'does not exist')."""

    def get_queryset(self):
        return self.queryset.for_org(membership_of(self.context["request"]).organization)


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id", read_only=True)
    email = serializers.EmailField(source="user.email")
    first_name = serializers.CharField(
        source="user.first_name", max_length=150, required=False, allow_blank=True
    )
    last_name = serializers.CharField(
        source="user.last_name", max_length=150, required=False, allow_blank=True
    )
    role = serializers.ChoiceField(choices=Role.choices, default=Role.CONSULTANT)
    manager = serializers.IntegerField(source="manager_id", allow_null=True, required=False, default=None)
    team = OrgRelatedField(queryset=Team.objects, allow_null=True, required=False, default=None)
    agency = OrgRelatedField(queryset=Agency.objects, allow_null=True, required=False, default=None)
    job_title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    contract_ratio = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("1.00"),
        default=Decimal("1.00"),
    )
    start_date = serializers.DateField(allow_null=True, required=False, default=None)
    end_date = serializers.DateField(allow_null=True, required=False, default=None)
    calendar = serializers.ChoiceField(
        source="effective_calendar", choices=Calendar.choices, required=False, allow_blank=True
    )
    is_active = serializers.BooleanField(default=True)
    password = serializers.CharField(write_only=True, required=False, min_length=10, trim_whitespace=False)

    def validated_member_values(self) -> dict:
        """The validated data flattened into the keyword arguments of the services."""
        data = dict(self.validated_data)
        values = dict(data.pop("user", {}))
        if "effective_calendar" in data:
            data["calendar"] = data.pop("effective_calendar")
        values.update(data)
        return values


USER_FILTERS = [
    OpenApiParameter("role", str, enum=Role.values),
    OpenApiParameter("manager", int, description="Personnes dont le N+1 est cet utilisateur"),
    OpenApiParameter("team", int),
    OpenApiParameter("search", str, description="Nom ou e-mail"),
]


@extend_schema_view(list=extend_schema(parameters=USER_FILTERS))
class UserViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """People of the caller's organisation: admins and finance see everyone, managers their subtree,
    consultants themselves. Only admins create and modify."""

    serializer_class = UserSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        queryset = visible_memberships(membership_of(self.request))
        params = self.request.query_params
        if params.get("role"):
            queryset = queryset.filter(role=params["role"])
        for name in ("manager", "team"):
            if params.get(name, "").isdigit():
                queryset = queryset.filter(**{f"{name}_id": int(params[name])})
        if params.get("search"):
            term = params["search"]
            queryset = queryset.filter(
                Q(user__first_name__icontains=term)
                | Q(user__last_name__icontains=term)
                | Q(user__email__icontains=term)
            )
        return queryset

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(get_member_for(membership_of(request), pk)).data)

    def create(self, request):
        caller = membership_of(request)
        require_admin(caller)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_member_values()
        membership = add_member(org=caller.organization, actor=request.user, **values)
        return Response(self.get_serializer(_reload(membership)).data, status=201)

    def partial_update(self, request, pk=None):
        caller = membership_of(request)
        target = get_member_for(caller, pk, write=True)
        serializer = self.get_serializer(target, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        membership = update_member(
            membership=target, actor=request.user, **serializer.validated_member_values()
        )
        return Response(self.get_serializer(_reload(membership)).data)


def _reload(membership: Membership) -> Membership:
    return get_for_org(
        Membership.objects.select_related("user", "organization", "agency"),
        membership.organization,
        pk=membership.pk,
    )
