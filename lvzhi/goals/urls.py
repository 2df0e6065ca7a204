from django.urls import path

from . import views, views_files, views_onsite, views_progress

app_name = "goals"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/<int:year>/", views.unit_page, name="unit"),
    path("units/<int:pk>/<int:year>/new/", views.goal_new, name="goal_new"),
    path("units/<int:pk>/<int:year>/plans/", views.plans_page, name="plans"),
    path("<int:pk>/", views.goal_page, name="goal"),
    path("<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("<int:pk>/submit/", views.goal_submit, name="goal_submit"),
    path("<int:pk>/review/", views.goal_review, name="goal_review"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("<int:pk>/progress/<int:quarter>/", views_progress.report_page, name="report"),
    path("evidence/<int:pk>/delete/", views_progress.evidence_delete, name="evidence_delete"),
    path("overdue/", views_progress.overdue_page, name="overdue"),
    path("overdue/remind/", views_progress.remind, name="remind"),
    path("feed/", views_progress.feed_page, name="feed"),
    path("import/", views_files.import_page, name="import"),
    path("onsite/<int:pk>/<int:unit_id>/add/", views_onsite.add_items, name="onsite_add"),
    path("onsite/<int:pk>/<int:unit_id>/score/", views_onsite.score, name="onsite_score"),
    path("export/", views_files.export_page, name="export"),
]
