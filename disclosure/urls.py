from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.PublicIndexView.as_view(), name="index"),
    path("plans/<int:pk>/", views.PublicPlanView.as_view(), name="plan"),
    path("plans/<int:pk>/disclosure/", views.PlanDisclosureView.as_view(), name="disclose"),
]
