"""The respondent's addresses: short, under /s/ (a QR code of /s/<16 characters>/ scans from paper)."""

from django.urls import path

from . import public

app_name = "surveys_public"

urlpatterns = [
    path("submit/", public.submit, name="submit"),
    path("thanks/", public.thanks, name="thanks"),
    path("<str:token>/", public.answer_page, name="answer"),
]
