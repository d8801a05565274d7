"""``/api/v1/kpis/tace-policies``: the TACE policies of the organisation (read: admin, finance, manager;
write: admin). Activity types are named by their code (``paid_leave``, ``rtt``, ``training``…)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from timetrack.api.permissions import HasRole, IsAdmin, membership_of
from timetrack.kpis import services
from timetrack.kpis.models import TacePolicy
from timetrack.orgs.models import Role
from timetrack.timesheets.models import ActivityType
from timetrack.timesheets.selectors import activity_types

Readers = HasRole.for_roles(Role.ADMIN, Role.FINANCE, Role.MANAGER)


class TacePolicySerializer(serializers.ModelSerializer):
    billable_types = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ActivityType.objects.none(), required=False
    )
    leave_types = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ActivityType.objects.none()
    )
    started = serializers.SerializerMethodField(
        help_text="Son mois a commencé : elle ne peut plus être supprimée."
    )
    confirm_past = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text="Obligatoire quand le mois de ``effective_from`` a commencé (les TACE sont recalculés).",
    )

    class Meta:
        model = TacePolicy
        fields = [
            "id",
            "effective_from",
            "billable_types",
            "leave_types",
            "note",
            "created_by",
            "created_at",
            "started",
            "confirm_past",
        ]
        read_only_fields = ["created_by", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and membership_of(request) is not None:  # not while the schema is drawn
            org = membership_of(request).organization
            for name in ("billable_types", "leave_types"):
                self.fields[name].child_relation.queryset = ActivityType.objects.for_org(org)

    def get_started(self, policy) -> bool:
        return policy.effective_from <= timezone.localdate()


def _policies(request):
    return (
        TacePolicy.objects.for_org(membership_of(request).organization)
        .select_related("created_by")
        .prefetch_related("billable_types", "leave_types")
        .order_by("effective_from", "id")
    )


def _permissions(request):
    return [Readers() if request.method in permissions.SAFE_METHODS else IsAdmin()]


@extend_schema(summary="Politiques TACE")
class TacePolicyListView(generics.ListCreateAPIView):
    """Each policy is in force from ``effective_from`` (the 1st of a month) until the next one; months before
    the first follow the activity types' own flags. ``paid_leave`` and ``rtt`` are always in ``leave_types``.
    A date in a month already begun needs ``confirm_past: true``."""

    serializer_class = TacePolicySerializer

    def get_permissions(self):
        return _permissions(self.request)

    def get_queryset(self):
        return _policies(self.request)

    def create(self, request, *args, **kwargs):
        activity_types(membership_of(request).organization)  # the built-in codes exist before they are named
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = services.add_policy(actor=membership_of(request), **serializer.validated_data)
        return Response(self.get_serializer(policy).data, status=status.HTTP_201_CREATED)


@extend_schema(summary="Politique TACE")
class TacePolicyDetailView(generics.RetrieveDestroyAPIView):
    """Read a policy; delete one not yet in force (409 once its month has started)."""

    serializer_class = TacePolicySerializer

    def get_permissions(self):
        return _permissions(self.request)

    def get_queryset(self):
        return _policies(self.request)

    def perform_destroy(self, instance):
        services.delete_policy(actor=membership_of(self.request), policy=instance)
