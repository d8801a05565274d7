"""API authentication: Bearer tokens (hashed at rest) and the session, both bound to one organisation."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from timetrack.accounts.services import authenticate_token

INVALID_TOKEN = _("Jeton invalide, expiré ou révoqué.")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN) from exc
        found = authenticate_token(key)
        if found is None:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        token, membership = found
        # The token, not the session, says which organisation the request acts in.
        request._request.membership = membership
        request._request.org = membership.organization
        return membership.user, token

    def authenticate_header(self, request):
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Jeton personnel : `Bearer tt_…`"}
