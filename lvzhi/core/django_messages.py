"""Django's own messages that its zh_Hans catalogue (Django 5.2) does not translate yet.

They are named here so that `lvzhi makemessages` keeps them in lvzhi/locale/zh_Hans/LC_MESSAGES/django.po, where
their msgstr holds the Chinese text we supply; Django finds them in our catalogue like any other string. Nothing
imports this module: makemessages reads it, and the lazy objects below are never evaluated.
"""

from django.utils.translation import ngettext_lazy

MISSING_IN_DJANGO_ZH_HANS = [
    # django.contrib.auth.password_validation.MinimumLengthValidator.get_error_message / get_help_text
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
