from django.urls import path

from . import results_views, views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("questionnaires/new/", views.questionnaire_new, name="questionnaire_new"),
    path("questionnaires/<int:pk>/v<int:number>/", views.version_detail, name="version"),
    path("questionnaires/<int:pk>/v<int:number>/questions/", views.question_add, name="question_add"),
    path(
        "questionnaires/<int:pk>/v<int:number>/questions/<int:qid>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        "questionnaires/<int:pk>/v<int:number>/questions/<int:qid>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "questionnaires/<int:pk>/v<int:number>/questions/<int:qid>/move/",
        views.question_move,
        name="question_move",
    ),
    path("questionnaires/<int:pk>/v<int:number>/intro/", views.version_intro, name="version_intro"),
    path("questionnaires/<int:pk>/v<int:number>/copy/", views.version_copy, name="version_copy"),
    path("campaigns/<int:campaign_id>/", views.campaign_groups, name="campaign"),
    path(
        "campaigns/<int:campaign_id>/export/<str:what>.<str:fmt>",
        results_views.campaign_export,
        name="campaign_export",
    ),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/open/", views.group_open, name="group_open"),
    path("groups/<int:pk>/close/", views.group_close, name="group_close"),
    path("groups/<int:pk>/invitations/", views.group_invite, name="group_invite"),
    path("groups/<int:pk>/open-link/", views.group_open_link, name="group_open_link"),
    path("groups/<int:pk>/results/", results_views.group_results, name="results"),
    path("groups/<int:pk>/export/<str:what>.<str:fmt>", results_views.group_export, name="export"),
    path("groups/<int:pk>/feed/", results_views.group_feed, name="feed"),
    path("groups/<int:pk>/import/", results_views.group_import, name="import"),
    path("groups/<int:pk>/import/template.xlsx", results_views.import_template, name="import_template"),
    path("groups/<int:pk>/answers/<uuid:answer_id>/finding/", results_views.answer_finding, name="finding"),
]
