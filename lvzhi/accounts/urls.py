from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("import/", views.user_import, name="user_import"),
    path("import/template/", views.user_import_template, name="user_import_template"),
    path("<int:pk>/", views.user_detail, name="user_detail"),
    path("<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("<int:pk>/password/", views.user_password, name="user_password"),
    path("<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("<int:pk>/tokens/", views.token_create, name="token_create"),
    path("<int:pk>/tokens/<int:token_pk>/revoke/", views.token_revoke, name="token_revoke"),
]
