from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("my/", views.MyTargetsView.as_view(), name="my"),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="detail"),
    path("targets/<int:pk>/report/", views.ReportCreateView.as_view(), name="report"),
    path("reviews/", views.ReviewListView.as_view(), name="reviews"),
    path("reviews/approve/", views.ReportApproveManyView.as_view(), name="approve_many"),
    path("reports/<int:pk>/approve/", views.ReportApproveView.as_view(), name="approve"),
    path("reports/<int:pk>/return/", views.ReportReturnView.as_view(), name="return"),
    path("reports/<int:pk>/withdraw/", views.ReportWithdrawView.as_view(), name="withdraw"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence"),
    path("targets/<int:pk>/nudge/", views.TargetNudgeView.as_view(), name="nudge"),
]
