"""Every route of the public API v1 (see shared/API.md)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from timetrack.accounts.apis import MeView, TokenView
from timetrack.orgs.apis import UserViewSet

app_name = "api"

router = SimpleRouter(trailing_slash="")
router.register("users", UserViewSet, basename="users")

urlpatterns = [
    path("auth/token", TokenView.as_view(), name="token"),
    path("me", MeView.as_view(), name="me"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
