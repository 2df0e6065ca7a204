from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("weights/new/", views.study_new, name="study_new"),
    path("weights/<int:pk>/", views.study_detail, name="study"),
    path("weights/<int:pk>/judge/", views.study_judge, name="study_judge"),
    path("weights/<int:pk>/judge/delete/", views.study_judge_delete, name="study_judge_delete"),
    path("weights/<int:pk>/accept/", views.study_accept, name="study_accept"),
    path("campaigns/<int:pk>/robustness/", views.robustness_page, name="robustness"),
    path("campaigns/<int:pk>/robustness/run/", views.robustness_run, name="robustness_run"),
]
