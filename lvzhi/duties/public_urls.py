from django.urls import path

from . import public

app_name = "duties_public"

urlpatterns = [
    path("", public.search, name="search"),
    path("<str:kind>/<str:key>/", public.history, name="history"),
]
