from django.urls import path

from . import dashboard, views

app_name = "targets"
urlpatterns = [
    path("my/", views.MyTargetsView.as_view(), name="my"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/region/<str:code>/", dashboard.RegionDashboardView.as_view(), name="dashboard_region"),
    path("dashboard/bureau/<int:pk>/", dashboard.BureauDashboardView.as_view(), name="dashboard_bureau"),
    path("dashboard/ranking/", dashboard.RankingView.as_view(), name="ranking"),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="detail"),
]
urlpatterns += [
    path("targets/<int:pk>/report/", views.ReportCreateView.as_view(), name="report"),
    path("reviews/", views.ReviewListView.as_view(), name="reviews"),
    path("reports/<int:pk>/approve/", views.ReportApproveView.as_view(), name="approve"),
    path("reports/<int:pk>/return/", views.ReportReturnView.as_view(), name="return"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence"),
]
urlpatterns += [path("targets/<int:pk>/nudge/", views.TargetNudgeView.as_view(), name="nudge")]
