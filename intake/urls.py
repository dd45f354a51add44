from django.urls import path

from .progress import views as progress

app_name = "intake"
urlpatterns = [
    path("progress/template.xlsx", progress.ProgressWorkbookDownloadView.as_view(), name="progress_download"),
    path("progress/", progress.ProgressUploadView.as_view(), name="progress_upload"),
    path("progress/confirm/", progress.ProgressConfirmView.as_view(), name="progress_confirm"),
]
