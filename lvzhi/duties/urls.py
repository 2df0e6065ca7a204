from django.urls import path

from . import views, views_catalogue, views_edit, views_feed, views_review

app_name = "duties"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit_page, name="unit"),
    path("units/<int:pk>/decomposition/", views_edit.decomposition, name="decomposition"),
    path("units/<int:pk>/difference/", views_review.difference_page, name="difference"),
    path("body-duties/<int:duty_id>/edit/", views_edit.body_duty_edit, name="body_duty_edit"),
    path("body-duties/<int:duty_id>/delete/", views_edit.body_duty_delete, name="body_duty_delete"),
    path("body-duties/<int:duty_id>/tasks/new/", views_edit.task_create, name="task_create"),
    path("tasks/<int:task_id>/edit/", views_edit.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/delete/", views_edit.task_delete, name="task_delete"),
    path("posts/<int:post_id>/", views_review.post_page, name="post"),
    path("persons/<int:person_id>/", views_review.person_page, name="person"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("statistics/", views_review.statistics_page, name="statistics"),
    path("feed/", views_feed.feed_page, name="feed"),
    path("export/<str:kind>/", views_review.export_page, name="export"),
    path("import/", views_edit.import_page, name="import"),
    path("claims/", views.claims_page, name="claims"),
    path("claims/<int:claim_id>/", views_edit.claim_page, name="claim"),
    path("claims/remind/", views_edit.remind, name="remind"),
    path("notices/new/", views_edit.notice_new, name="notice_new"),
    path("catalogue/", views_catalogue.catalogue_list, name="catalogue"),
    path("catalogue/new/", views_catalogue.catalogue_new, name="catalogue_new"),
    path("catalogue/import/", views_catalogue.catalogue_import, name="catalogue_import"),
    path("catalogue/template/", views_catalogue.catalogue_template, name="catalogue_template"),
    path("catalogue/export/", views_catalogue.catalogue_export, name="catalogue_export"),
    path("catalogue/<int:catalogue_id>/", views_catalogue.catalogue_detail, name="catalogue_item"),
    path("catalogue/<int:catalogue_id>/edit/", views_catalogue.catalogue_edit, name="catalogue_edit"),
    path(
        "catalogue/<int:catalogue_id>/localise/",
        views_catalogue.catalogue_localise,
        name="catalogue_localise",
    ),
    path("overlaps/", views_review.overlaps_page, name="overlaps"),
    path("overlaps/scan/", views_review.overlaps_scan, name="overlaps_scan"),
    path("overlaps/<int:candidate_id>/<str:decision>/", views_review.overlap_decide, name="overlap_decide"),
]
