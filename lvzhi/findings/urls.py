from django.urls import path

from . import views, views_accountability, views_files, views_lists, views_use

app_name = "findings"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("common/new/", views.create_common, name="create_common"),
    path("overdue/", views.overdue_page, name="overdue"),
    path("overdue/remind/", views.remind, name="remind"),
    path("categories/", views.categories_page, name="categories"),
    path("import/<str:kind>/", views_files.import_page, name="import"),
    path("export/<str:kind>.xlsx", views_files.export, name="export"),
    path("lists/<str:kind>/", views_lists.list_page, name="list"),
    path("lists/<str:kind>/new/", views_lists.create_item, name="list_create"),
    path("lists/<str:kind>/<int:pk>/", views_lists.item_page, name="list_item"),
    path("lists/<str:kind>/<int:pk>/edit/", views_lists.edit_item, name="list_edit"),
    path("accountability/", views_accountability.index, name="accountability"),
    path("accountability/seed/", views_accountability.seed, name="accountability_seed"),
    path("accountability/feed/", views_accountability.feed_page, name="accountability_feed"),
    path("accountability/situations/new/", views_accountability.situation_page, name="situation_create"),
    path("accountability/situations/<int:pk>/", views_accountability.situation_page, name="situation_edit"),
    path("accountability/cases/new/", views_accountability.case_page, name="case_create"),
    path("accountability/cases/<int:pk>/", views_accountability.case_page, name="case_edit"),
    path("recommendations/", views_use.recommendations, name="recommendations"),
    path("recommendations/draft/", views_use.draft, name="recommendations_draft"),
    path("recommendations/<int:pk>/", views_use.recommendation, name="recommendation"),
    path("recommendations/<int:pk>/decide/", views_use.decide, name="recommendation_decide"),
    path("units/<int:pk>/", views.unit_page, name="unit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/return/", views.return_, name="return"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/measures/", views.measure, name="measure"),
    path("measures/<int:pk>/done/", views.measure_done, name="measure_done"),
]
