"""API of activity types: ``/api/v1/activity-types``. Every member reads; admins create and edit."""

from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from timetrack.api.permissions import membership_of
from timetrack.orgs.access import require_admin
from timetrack.orgs.scoping import get_for_org
from timetrack.timesheets.activity_services import create_activity_type, update_activity_type
from timetrack.timesheets.models import ActivityType
from timetrack.timesheets.selectors import activity_types


class ActivityTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityType
        fields = [
            "id",
            "code",
            "name",
            "billable",
            "counts_as_leave",
            "kind",
            "requires_project",
            "is_active",
            "is_builtin",
        ]
        read_only_fields = ["is_builtin"]


class ActivityTypeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The organisation's activity types, the built-in ones first (installed on first use)."""

    serializer_class = ActivityTypeSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        org = membership_of(self.request).organization
        activity_types(org)
        return ActivityType.objects.for_org(org).order_by("position", "name", "id")

    def retrieve(self, request, pk=None):
        org = membership_of(request).organization
        activity_types(org)
        return Response(self.get_serializer(get_for_org(ActivityType, org, pk=pk)).data)

    def create(self, request):
        caller = membership_of(request)
        require_admin(caller)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity_type = create_activity_type(actor=caller, **serializer.validated_data)
        return Response(self.get_serializer(activity_type).data, status=201)

    def partial_update(self, request, pk=None):
        caller = membership_of(request)
        activity_type = get_for_org(ActivityType, caller.organization, pk=pk)
        require_admin(caller)
        serializer = self.get_serializer(activity_type, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        activity_type = update_activity_type(
            actor=caller, activity_type=activity_type, **serializer.validated_data
        )
        return Response(self.get_serializer(activity_type).data)
