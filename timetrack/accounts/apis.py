"""API of the accounts app: token issuance and the caller's identity."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from timetrack.accounts.services import issue_token
from timetrack.api.permissions import membership_of
from timetrack.orgs.models import Membership

BAD_CREDENTIALS = _("Adresse e-mail ou mot de passe incorrect.")
NO_MEMBERSHIP = _("Ce compte n'a accès à aucune organisation active.")


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, write_only=True)
    organization = serializers.IntegerField(
        required=False, help_text="Organisation du jeton (sinon la première)."
    )
    name = serializers.CharField(required=False, max_length=100, default="API")


class OrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="organization.id")
    name = serializers.CharField(source="organization.name")
    time_unit = serializers.CharField(source="organization.time_unit")
    hours_per_day = serializers.DecimalField(
        source="organization.hours_per_day", max_digits=4, decimal_places=2
    )


class TokenThrottle(AnonRateThrottle):
    """Per client address; the rate is read at each request so that settings can change it."""

    scope = "auth_token"

    def get_rate(self):
        return settings.API_TOKEN_THROTTLE


class TokenView(APIView):
    """Exchange an e-mail and a password for a Bearer token (valid API_TOKEN_DEFAULT_DAYS days)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    def get_authenticate_header(self, request):
        # Wrong credentials are a 401 (not DRF's 403 fallback for views without authenticators).
        return "Bearer"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {
                    "token": serializers.CharField(),
                    "expires_at": serializers.DateTimeField(),
                    "organization": OrganizationSerializer(),
                },
            )
        },
        auth=[],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request, username=data.validated_data["email"], password=data.validated_data["password"]
        )
        if user is None:
            raise exceptions.AuthenticationFailed(BAD_CREDENTIALS)
        memberships = Membership.objects.filter(user=user, is_active=True).select_related("organization")
        wanted = data.validated_data.get("organization")
        if wanted is not None:
            memberships = memberships.filter(organization_id=wanted)
        membership = memberships.order_by("organization__name").first()
        if membership is None:
            raise exceptions.PermissionDenied(NO_MEMBERSHIP)
        token, key = issue_token(
            membership=membership, name=data.validated_data["name"], days=settings.API_TOKEN_DEFAULT_DAYS
        )
        body = {
            "token": key,
            "expires_at": token.expires_at,
            "organization": OrganizationSerializer(membership).data,
        }
        return Response(body)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.id")
    email = serializers.EmailField(source="user.email")
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    language = serializers.CharField(source="user.language")
    role = serializers.CharField()
    manager = serializers.IntegerField(source="manager_id", allow_null=True)
    organization = OrganizationSerializer(source="*")


class MeView(APIView):
    """Who the caller is, in which organisation and with which role."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(membership_of(request)).data)
