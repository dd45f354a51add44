from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("my/", views.MyTargetsView.as_view(), name="my"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="detail"),
]
