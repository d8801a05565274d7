"""Every route of the public API v1 (see shared/API.md)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from timetrack.accounts.apis import MeView, TokenView
from timetrack.kpis.apis import TaceReportView
from timetrack.kpis.policy_apis import TacePolicyDetailView, TacePolicyListView
from timetrack.kpis.target_apis import TargetListView
from timetrack.orgs.apis import UserViewSet
from timetrack.profitability.apis import (
    AlertViewSet,
    AssignmentRateViewSet,
    CostRateViewSet,
    ProfitabilityReportView,
)
from timetrack.projects.apis import AssignmentViewSet, ClientViewSet, ProjectViewSet
from timetrack.timesheets.activity_apis import ActivityTypeViewSet
from timetrack.timesheets.apis import TimeEntryViewSet, TimesheetViewSet

app_name = "api"

router = SimpleRouter(trailing_slash="")
router.register("users", UserViewSet, basename="users")
router.register("clients", ClientViewSet, basename="clients")
router.register("projects", ProjectViewSet, basename="projects")
router.register("assignments", AssignmentViewSet, basename="assignments")
router.register("activity-types", ActivityTypeViewSet, basename="activity-types")
router.register("time-entries", TimeEntryViewSet, basename="time-entries")
router.register("timesheets", TimesheetViewSet, basename="timesheets")
router.register("assignment-rates", AssignmentRateViewSet, basename="assignment-rates")
router.register("cost-rates", CostRateViewSet, basename="cost-rates")
router.register("alerts", AlertViewSet, basename="alerts")

urlpatterns = [
    path("auth/token", TokenView.as_view(), name="token"),
    path("me", MeView.as_view(), name="me"),
    path("reports/tace", TaceReportView.as_view(), name="tace"),
    path("reports/profitability", ProfitabilityReportView.as_view(), name="profitability"),
    path("kpis/targets", TargetListView.as_view(), name="tace-targets"),
    path("kpis/tace-policies", TacePolicyListView.as_view(), name="tace-policies"),
    path("kpis/tace-policies/<int:pk>", TacePolicyDetailView.as_view(), name="tace-policy"),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
