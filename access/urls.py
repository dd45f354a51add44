from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="people"),
    path("add/", views.PersonCreateView.as_view(), name="person_add"),
    path("<int:pk>/", views.PersonEditView.as_view(), name="person_edit"),
    path("<int:pk>/password/", views.PersonPasswordView.as_view(), name="person_password"),
    path("<int:pk>/deactivate/", views.PersonActiveView.as_view(activate=False), name="person_deactivate"),
    path("<int:pk>/activate/", views.PersonActiveView.as_view(activate=True), name="person_activate"),
]
