from django.urls import path

from . import views, views_batch, views_campaign, views_dashboard, views_templates, views_unit

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
    path("campaigns/<int:pk>/units/", views_unit.campaign_reports, name="unit_reports"),
    path("campaigns/<int:pk>/units/draft/", views_unit.draft, name="unit_reports_draft"),
    path("campaigns/<int:pk>/report/", views_campaign.report_page, name="campaign_report"),
    path("campaigns/<int:pk>/report.<str:fmt>", views_campaign.report_file, name="campaign_report_file"),
    path("campaigns/<int:pk>/bulletin/", views_campaign.bulletin_page, name="bulletin"),
    path("campaigns/<int:pk>/bulletin.<str:fmt>", views_campaign.bulletin_file, name="bulletin_file"),
    path("campaigns/<int:pk>/batch/", views_batch.start, name="batch_start"),
    path("campaigns/<int:pk>/batch/<int:job>/", views_batch.page, name="batch"),
    path("campaigns/<int:pk>/batch/<int:job>/progress/", views_batch.progress, name="batch_progress"),
    path("campaigns/<int:pk>/batch/<int:job>/file/", views_batch.download, name="batch_file"),
    path("campaigns/<int:pk>/batch/<int:job>/retry/", views_batch.retry, name="batch_retry"),
    path("campaigns/<int:pk>/dashboard/<str:board>/", views_dashboard.campaign_board, name="dashboard"),
    path("profiles/<int:pk>/", views_dashboard.unit_profile, name="unit_profile"),
    path("report-templates/", views_templates.index, name="templates"),
    path("report-templates/<int:pk>/", views_templates.detail, name="template"),
    path("report-templates/<int:pk>/use/", views_templates.use, name="template_use"),
    path(
        "units/<int:pk>/report-template.docx",
        views_templates.unit_report_in_template,
        name="unit_report_template",
    ),
    path("units/<int:pk>/", views_unit.report_page, name="unit_report"),
    path("units/<int:pk>/opinions/", views_unit.edit, name="unit_report_edit"),
    path("units/<int:pk>/release/", views_unit.release, name="unit_report_release"),
    path("units/<int:pk>/withdraw/", views_unit.withdraw, name="unit_report_withdraw"),
    path("units/<int:pk>/report.<str:fmt>", views_unit.report_file, name="unit_report_file"),
]
