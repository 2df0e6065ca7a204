from django.urls import path

from . import views

app_name = "schemes"

urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("new/", views.scheme_create, name="scheme_create"),
    path("import/", views.scheme_import, name="scheme_import"),
    path("<str:code>/", views.scheme_detail, name="scheme_detail"),
    path("<str:code>/draft/", views.scheme_new_draft, name="scheme_new_draft"),
    path("<str:code>/import/", views.scheme_import_draft, name="scheme_import_draft"),
    path("<str:code>/v<int:number>/", views.version_detail, name="version_detail"),
    path("<str:code>/v<int:number>/edit/", views.version_edit, name="version_edit"),
    path("<str:code>/v<int:number>/validate/", views.version_validate, name="version_validate"),
    path("<str:code>/v<int:number>/publish/", views.version_publish, name="version_publish"),
    path("<str:code>/v<int:number>/discard/", views.version_discard, name="version_discard"),
    path("<str:code>/v<int:number>/derive/", views.version_derive, name="version_derive"),
    path("<str:code>/v<int:number>/diff/", views.version_diff, name="version_diff"),
    path("<str:code>/v<int:number>/try/", views.version_try, name="version_try"),
    path("<str:code>/v<int:number>/export.<str:fmt>", views.version_export, name="version_export"),
]
