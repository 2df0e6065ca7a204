from django.urls import path

from . import views

app_name = "registry_io"

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("templates/<str:kind>.xlsx", views.template_download, name="template"),
    path("export/<str:kind>/", views.export, name="export"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/file/", views.job_file, name="job_file"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
]
