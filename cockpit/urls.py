from django.urls import path

from . import bulletin_views, views

app_name = "cockpit"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("region/<str:code>/", views.RegionDashboardView.as_view(), name="dashboard_region"),
    path("bureau/<int:pk>/", views.BureauDashboardView.as_view(), name="dashboard_bureau"),
    path("ranking/", views.RankingView.as_view(), name="ranking"),
    path("bulletins/", bulletin_views.BulletinListView.as_view(), name="bulletins"),
    path("bulletins/new/", bulletin_views.BulletinCreateView.as_view(), name="bulletin_new"),
    path("bulletins/<int:pk>/", bulletin_views.BulletinDetailView.as_view(), name="bulletin"),
]
