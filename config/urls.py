from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from access.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("targets.urls")),
    path("dashboard/", include("cockpit.urls")),
    path("plans/import/", include("intake.urls")),
    path("public/", include("disclosure.urls")),
    path("plans/", include("plans.urls")),
    path("admin/", admin.site.urls),
    # Resolved per request: in production the manifest exists only after collectstatic.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
]
