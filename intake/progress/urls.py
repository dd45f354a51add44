from django.urls import path

from . import views as progress

# A namespace of its own, so it sits beside the plan import's `intake` URLs untouched.
app_name = "progress"
urlpatterns = [
    path("template.xlsx", progress.ProgressWorkbookDownloadView.as_view(), name="download"),
    path("", progress.ProgressUploadView.as_view(), name="upload"),
    path("confirm/", progress.ProgressConfirmView.as_view(), name="confirm"),
]
