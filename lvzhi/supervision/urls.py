from django.urls import path

from . import views, views_dashboard, views_feed, views_flow

app_name = "supervision"

urlpatterns = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("workflows/<int:pk>/", views_flow.workflow_page, name="workflow"),
    path("records/<str:kind>/", views_dashboard.records, name="records"),
    path("warnings/", views_dashboard.warning_list, name="warnings"),
    path("warnings/evaluate/", views_dashboard.evaluate, name="evaluate"),
    path("warnings/<int:pk>/confirm/", views_dashboard.decide, {"decision": "confirm"}, name="confirm"),
    path("warnings/<int:pk>/dismiss/", views_dashboard.decide, {"decision": "dismiss"}, name="dismiss"),
    path("report.<str:fmt>", views_flow.report, name="report"),
    path("feed/", views_feed.feed_page, name="feed"),
    path("entry/", views.entry, name="entry"),
    path("batches/", views.batches, name="batches"),
]
