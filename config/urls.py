from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from access.views import home
from cockpit import plan_views
from intake import review_views

# 计划: the pages that read a plan (cockpit/) and those that change it (intake/), under one name.
plan_pages = (
    [
        path("", plan_views.PlanListView.as_view(), name="list"),
        path("<int:pk>/", plan_views.PlanDetailView.as_view(), name="detail"),
        path("<int:pk>/history/", plan_views.PlanHistoryView.as_view(), name="history"),
        path("export/", plan_views.ScopeExportView.as_view(), name="scope_export"),
        path("<int:pk>/export/", plan_views.PlanExportView.as_view(), name="export"),
        path("<int:pk>/publish/", review_views.PlanPublishView.as_view(), name="publish"),
        path("<int:pk>/review/", review_views.PlanReviewView.as_view(), name="review"),
    ],
    "plans",
)

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("targets.urls")),
    path("dashboard/", include("cockpit.urls")),
    path("public/", include("disclosure.urls")),
    path("plans/import/", include("intake.urls")),
    path("plans/", include(plan_pages)),
    path("people/", include("access.urls")),
    path("notices/", include("notices.urls")),
    path("intake/progress/", include("intake.progress.urls")),
    path("admin/", admin.site.urls),
    # Resolved per request: in production the manifest exists only after collectstatic.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
]
