from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
]
urlpatterns += [path("<int:pk>/history/", views.PlanHistoryView.as_view(), name="history")]
urlpatterns += [
    path("import/", views.PlanImportView.as_view(), name="import"),
    path("import/confirm/", views.PlanImportConfirmView.as_view(), name="import_confirm"),
    path("import/template.xlsx", views.PlanTemplateView.as_view(), name="template"),
    path("export/", views.ScopeExportView.as_view(), name="scope_export"),
    path("<int:pk>/export/", views.PlanExportView.as_view(), name="export"),
    path("<int:pk>/publish/", views.PlanPublishView.as_view(), name="publish"),
]
urlpatterns += [path("import/jobs/<int:pk>/", views.ImportJobView.as_view(), name="import_job")]
urlpatterns += [
    path("import/text/", views.PlanTextImportView.as_view(), name="import_text"),
    path("<int:pk>/review/", views.PlanReviewView.as_view(), name="review"),
]
