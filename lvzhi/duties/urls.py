from django.urls import path

from . import views

app_name = "duties"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit_page, name="unit"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("claims/", views.claims_page, name="claims"),
]
