"""``GET /api/v1/kpis/targets``: the TACE targets of the organisation (admin, finance)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from timetrack.api.permissions import IsAdminOrFinance, membership_of
from timetrack.kpis.models import TaceTarget


class TargetSerializer(serializers.ModelSerializer):
    scope = serializers.CharField(read_only=True)
    target_percent = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = TaceTarget
        fields = ["id", "scope", "team", "user", "target_percent", "effective_from"]


@extend_schema(summary="Objectifs de TACE")
class TargetListView(generics.ListAPIView):
    """Every target of the organisation: ``scope`` is ``organization``, ``team`` or ``user``; each is in force
    from ``effective_from`` until the next target of the same scope."""

    serializer_class = TargetSerializer
    permission_classes = [IsAdminOrFinance]

    def get_queryset(self):
        return TaceTarget.objects.for_org(membership_of(self.request).organization).order_by(
            "effective_from", "id"
        )
