from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("units/<int:pk>/sanding/new/", views.sanding_new, name="sanding_new"),
    path("units/<int:pk>/sanding/edit/", views.sanding_edit, name="sanding_edit"),
    path("units/<int:pk>/sanding/quotas/", views.quotas_edit, name="quotas_edit"),
    path("units/<int:pk>/sanding/duties/", views.duties_edit, name="duties_edit"),
    path("units/<int:pk>/<str:kind>/new/", views.child_create, name="child_create"),
    path("units/<int:pk>/<str:kind>/<int:child_pk>/edit/", views.child_edit, name="child_edit"),
    path("units/<int:pk>/<str:kind>/<int:child_pk>/delete/", views.child_delete, name="child_delete"),
    path("regions/", views.region_list, name="region_list"),
]
