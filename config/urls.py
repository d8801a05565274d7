from django.urls import include, path

urlpatterns = [
    path("", include("timetrack.core.urls")),
    path("comptes/", include("timetrack.accounts.urls")),
    path("organisation/", include("timetrack.orgs.urls")),
    path("projets/", include("timetrack.projects.urls")),
    path("cra/", include("timetrack.timesheets.urls")),
    path("parametres/activites/", include("timetrack.timesheets.settings_urls")),
    path("notifications/", include("timetrack.notifications.urls")),
    path("validation/", include("timetrack.approvals.urls")),
    path("parametres/validation/", include("timetrack.approvals.settings_urls")),
    path("parametres/objectifs/", include("timetrack.kpis.target_urls")),
    path("approbation-client/", include("timetrack.approvals.client_urls")),
    path("indicateurs/", include("timetrack.kpis.urls")),
    path("rentabilite/", include("timetrack.profitability.urls")),
    path("api/v1/", include("timetrack.api.urls")),
]

handler403 = "timetrack.core.views.error_403"
handler404 = "timetrack.core.views.error_404"
handler500 = "timetrack.core.views.error_500"
