from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("entry/", views.entry, name="entry"),
    path("batches/", views.batches, name="batches"),
]
