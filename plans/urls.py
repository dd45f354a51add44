from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
]
urlpatterns += [path("<int:pk>/history/", views.PlanHistoryView.as_view(), name="history")]
