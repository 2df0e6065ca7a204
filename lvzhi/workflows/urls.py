from django.urls import path

from . import views, views_files, views_sections

app_name = "workflows"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.workflow_page, name="workflow"),
    path("<int:pk>/compare/", views.compare_page, name="compare"),
    path("<int:pk>/versions/new/", views.version_new, name="version_new"),
    path("new/", views.workflow_pick, name="workflow_pick"),
    path("units/<int:unit_id>/new/", views.workflow_new, name="workflow_new"),
    path("versions/<int:pk>/image.<str:fmt>", views.version_image, name="image"),
    path("versions/<int:pk>/steps/new/", views.step_new, name="step_new"),
    path("versions/<int:pk>/delete/", views.version_delete, name="version_delete"),
    path("versions/<int:pk>/submit/", views.version_submit, name="version_submit"),
    path("versions/<int:pk>/adopt/", views.version_adopt, name="version_adopt"),
    path("versions/<int:pk>/return/", views.version_return, name="version_return"),
    path("steps/<int:pk>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:pk>/delete/", views.step_delete, name="step_delete"),
    path("steps/<int:pk>/<str:direction>/", views.step_move, name="step_move"),
    path("checks/", views.checks_page, name="checks"),
    path("units/<int:unit_id>/sections/", views_sections.unit_sections, name="unit_sections"),
    path("sections/<int:body_id>/", views_sections.section_page, name="section"),
    path("sections/<int:body_id>/norms/", views_sections.norm_add, name="norm_add"),
    path("norms/<int:pk>/delete/", views_sections.norm_delete, name="norm_delete"),
    path("sections/missing/", views_sections.missing_page, name="missing"),
    path("import/", views_files.import_page, name="import"),
    path("export/", views_files.export_page, name="export"),
    path("export/jobs/<int:pk>/", views_files.export_job, name="export_job"),
    path("export/jobs/<int:pk>/progress/", views_files.export_job_progress, name="export_job_progress"),
    path("export/jobs/<int:pk>/file/", views_files.export_job_file, name="export_job_file"),
]
