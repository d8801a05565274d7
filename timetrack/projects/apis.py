"""API of clients, projects and assignments: ``/api/v1/clients``, ``/projects``, ``/assignments``.

Adapters only: parse with a serializer, fetch through ``timetrack.projects.access``, write through
``timetrack.projects.services``. Admins and managers write; reads follow ``timetrack.projects.selectors``.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from timetrack.accounts.models import User
from timetrack.api.permissions import membership_of
from timetrack.orgs.apis import OrgRelatedField
from timetrack.orgs.models import Role
from timetrack.orgs.selectors import member_users
from timetrack.projects import selectors, services
from timetrack.projects.access import get_assignment_for, get_client_for, get_project_for, require_writer
from timetrack.projects.models import Assignment, BillingMode, Client, Project

NOT_AN_ID = _("Un identifiant numérique est attendu.")
# Beyond a 64-bit key, no row can match, and SQLite cannot even take the value.
MAX_ID = 2**63 - 1
NOT_A_MODE = _("Mode de facturation inconnu.")


class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id of an active member of the caller's organisation (anyone else 'does not exist')."""

    def get_queryset(self):
        return member_users(membership_of(self.context["request"]).organization)


def id_param(request, name: str) -> int | None:
    """The integer query parameter ``name``, None when absent; anything else is a 400 naming it."""
    raw = request.query_params.get(name, "")
    if raw == "":
        return None
    if not raw.isdigit() or int(raw) > MAX_ID:
        raise serializers.ValidationError({name: [NOT_AN_ID]})
    return int(raw)


class ClientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = ["id", "name"]


class ProjectSerializer(serializers.ModelSerializer):
    client = OrgRelatedField(queryset=Client.objects, allow_null=True, required=False)
    project_manager = MemberField(queryset=User.objects, allow_null=True, required=False)

    class Meta:
        model = Project
        fields = [
            "id",
            "client",
            "name",
            "code",
            "billing_mode",
            "start_date",
            "end_date",
            "budget_days",
            "budget_amount",
            "fixed_price",
            "project_manager",
        ]


class AssignmentSerializer(serializers.ModelSerializer):
    user = MemberField(queryset=User.objects)
    project = OrgRelatedField(queryset=Project.objects)

    class Meta:
        model = Assignment
        fields = ["id", "user", "project", "start_date", "end_date", "allocation_percent", "daily_rate"]
        extra_kwargs = {"daily_rate": {"help_text": _("TJM en euros ; null pour un consultant qui lit.")}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # A consultant sees their missions, not what the ESN sells them for.
        if membership_of(self.context["request"]).role == Role.CONSULTANT:
            data["daily_rate"] = None
        return data


class _ResourceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Read through an access helper (404 for another organisation), write through a service."""

    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def fetch(self, pk, *, write: bool = False):
        raise NotImplementedError

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.fetch(pk)).data)

    def _write(self, save, *, instance=None, status=200):
        serializer = self.get_serializer(instance, data=self.request.data, partial=instance is not None)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(save(serializer.validated_data)).data, status=status)


@extend_schema_view(
    list=extend_schema(summary="Clients visibles"),
    destroy=extend_schema(responses={204: None, 409: OpenApiTypes.OBJECT}),
)
class ClientViewSet(_ResourceViewSet):
    """Clients of the organisation. A consultant sees the clients of their missions."""

    serializer_class = ClientSerializer

    def get_queryset(self):
        return selectors.visible_clients(membership_of(self.request)).order_by("name", "id")

    def fetch(self, pk, *, write=False):
        return get_client_for(membership_of(self.request), pk, write=write)

    def create(self, request):
        caller = membership_of(request)
        require_writer(caller)
        return self._write(lambda values: services.create_client(actor=caller, **values), status=201)

    def partial_update(self, request, pk=None):
        caller, client = membership_of(request), self.fetch(pk, write=True)
        return self._write(
            lambda values: services.update_client(actor=caller, client=client, **values), instance=client
        )

    def destroy(self, request, pk=None):
        services.delete_client(actor=membership_of(request), client=self.fetch(pk, write=True))
        return Response(status=204)


PROJECT_FILTERS = [
    OpenApiParameter("client", int, description="Projets de ce client"),
    OpenApiParameter("billing_mode", str, enum=BillingMode.values),
]


@extend_schema_view(list=extend_schema(parameters=PROJECT_FILTERS))
class ProjectViewSet(_ResourceViewSet):
    """Projects of the organisation. A consultant sees the projects they are assigned to."""

    serializer_class = ProjectSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        mode = self.request.query_params.get("billing_mode") or None
        if mode is not None and mode not in BillingMode.values:
            raise serializers.ValidationError({"billing_mode": [NOT_A_MODE]})
        return selectors.visible_projects(
            membership_of(self.request), client_id=id_param(self.request, "client"), billing_mode=mode
        )

    def fetch(self, pk, *, write=False):
        return get_project_for(membership_of(self.request), pk, write=write)

    def create(self, request):
        caller = membership_of(request)
        require_writer(caller)
        return self._write(lambda values: services.create_project(actor=caller, **values), status=201)

    def partial_update(self, request, pk=None):
        caller, project = membership_of(request), self.fetch(pk, write=True)
        return self._write(
            lambda values: services.update_project(actor=caller, project=project, **values),
            instance=project,
        )


ASSIGNMENT_FILTERS = [
    OpenApiParameter("user", int, description="Affectations de ce consultant"),
    OpenApiParameter("project", int, description="Affectations sur ce projet"),
]


@extend_schema_view(
    list=extend_schema(parameters=ASSIGNMENT_FILTERS),
    destroy=extend_schema(responses={204: None, 409: OpenApiTypes.OBJECT}),
)
class AssignmentViewSet(_ResourceViewSet):
    """Staffing: a consultant on a project for a period. A consultant sees their own, without the TJM."""

    serializer_class = AssignmentSerializer

    def get_queryset(self):
        return selectors.visible_assignments(
            membership_of(self.request),
            user_id=id_param(self.request, "user"),
            project_id=id_param(self.request, "project"),
        )

    def fetch(self, pk, *, write=False):
        return get_assignment_for(membership_of(self.request), pk, write=write)

    def create(self, request):
        caller = membership_of(request)
        require_writer(caller)
        return self._write(lambda values: services.create_assignment(actor=caller, **values), status=201)

    def partial_update(self, request, pk=None):
        caller, assignment = membership_of(request), self.fetch(pk, write=True)
        return self._write(
            lambda values: services.update_assignment(actor=caller, assignment=assignment, **values),
            instance=assignment,
        )

    def destroy(self, request, pk=None):
        services.delete_assignment(actor=membership_of(request), assignment=self.fetch(pk, write=True))
        return Response(status=204)
