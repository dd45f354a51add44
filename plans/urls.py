from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/history/", views.PlanHistoryView.as_view(), name="history"),
    path("export/", views.ScopeExportView.as_view(), name="scope_export"),
    path("<int:pk>/export/", views.PlanExportView.as_view(), name="export"),
    path("<int:pk>/publish/", views.PlanPublishView.as_view(), name="publish"),
    path("<int:pk>/review/", views.PlanReviewView.as_view(), name="review"),
]
