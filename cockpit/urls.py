from django.urls import path

from . import views

app_name = "cockpit"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("region/<str:code>/", views.RegionDashboardView.as_view(), name="dashboard_region"),
    path("bureau/<int:pk>/", views.BureauDashboardView.as_view(), name="dashboard_bureau"),
    path("ranking/", views.RankingView.as_view(), name="ranking"),
]
