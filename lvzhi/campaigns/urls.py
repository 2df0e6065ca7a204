from django.urls import path

from .views import campaign, multi, objections, progress, results, unit, visits

app_name = "campaigns"

urlpatterns = [
    path("", campaign.campaign_list, name="campaign_list"),
    path("new/", campaign.campaign_create, name="campaign_create"),
    path("notifications/", campaign.notifications, name="notifications"),
    path("notifications/<int:nid>/", campaign.notification_open, name="notification_open"),
    path("<int:pk>/", campaign.campaign_detail, name="campaign_detail"),
    path("<int:pk>/copy/", campaign.campaign_copy, name="campaign_copy"),
    path("<int:pk>/setup/", campaign.campaign_setup, name="campaign_setup"),
    path("<int:pk>/setup/<slug:what>/", campaign.setup_action, name="setup_action"),
    path("<int:pk>/stage/close/", campaign.stage_close, name="stage_close"),
    path("<int:pk>/stage/reopen/", campaign.stage_reopen, name="stage_reopen"),
    path("<int:pk>/dashboard/", progress.dashboard, name="dashboard"),
    path("<int:pk>/findings.xlsx", progress.findings_export, name="findings_export"),
    path("<int:pk>/ratings/", multi.ratings, name="ratings"),
    path("<int:pk>/ratings/on-behalf/", multi.rating_on_behalf, name="rating_on_behalf"),
    path("<int:pk>/imports/", multi.imports_page, name="imports"),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/results/inputs.json", results.export_inputs, name="export_inputs"),
    path("<int:pk>/results/details.xlsx", results.results_details, name="results_details"),
    path("<int:pk>/triangulation/", results.triangulation, name="triangulation"),
    path("<int:pk>/approval/", results.approval, name="approval"),
    path("<int:pk>/bulletin/", results.bulletin, name="bulletin"),
    path("<int:pk>/units/<int:unit_id>/", unit.unit_home, name="unit_home"),
    path("<int:pk>/units/<int:unit_id>/self/", unit.unit_self, name="unit_self"),
    path("<int:pk>/units/<int:unit_id>/self/on-behalf/", unit.unit_self_on_behalf, name="unit_self_on_behalf"),
    path("<int:pk>/units/<int:unit_id>/evidence/", unit.evidence_add, name="evidence_add"),
    path(
        "<int:pk>/units/<int:unit_id>/evidence/<int:evidence_id>/delete/",
        unit.evidence_remove,
        name="evidence_remove",
    ),
    path("<int:pk>/units/<int:unit_id>/forms/<slug:form>/", unit.unit_sheet, name="unit_sheet"),
    path("<int:pk>/units/<int:unit_id>/review/", unit.unit_review, name="unit_review"),
    path("<int:pk>/units/<int:unit_id>/findings/", unit.finding_add, name="finding_add"),
    path("<int:pk>/units/<int:unit_id>/visit/", visits.unit_visit, name="unit_visit"),
    path(
        "<int:pk>/units/<int:unit_id>/visit/scores/on-behalf/",
        visits.unit_scores_on_behalf,
        name="unit_scores_on_behalf",
    ),
    path("<int:pk>/units/<int:unit_id>/result/", results.unit_result, name="unit_result"),
    path("<int:pk>/units/<int:unit_id>/objections/", objections.unit_objections, name="unit_objections"),
]
