from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.PlanImportView.as_view(), name="import"),
    path("adjust/", views.PlanImportAdjustView.as_view(), name="import_adjust"),
    path("confirm/", views.PlanImportConfirmView.as_view(), name="import_confirm"),
    path("template.xlsx", views.PlanTemplateView.as_view(), name="template"),
    path("jobs/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("text/", views.PlanTextImportView.as_view(), name="import_text"),
]
