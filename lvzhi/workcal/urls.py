from django.urls import path

from . import views

app_name = "workcal"

urlpatterns = [
    path("", views.index, name="index"),
    path("load/", views.load, name="load"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/days/", views.day_set, name="day_set"),
    path("<int:year>/days/<str:date>/remove/", views.day_remove, name="day_remove"),
]
