import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password must mix letters and digits (the common rule in government IT security baselines)."""

    def validate(self, password, user=None):
        if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
            raise ValidationError(_("密码必须同时包含字母和数字。"), code="password_character_classes")

    def get_help_text(self):
        return _("密码必须同时包含字母和数字。")


class VarietyValidator:
    """A password of one character repeated (``aaaaaaaaaa1``) or mostly spaces (``'        a1'``) meets the length
    and the letters-and-digits rules but is guessed at once: at least `min_chars` characters that are not
    spaces, and at least `min_distinct` different ones."""

    def __init__(self, min_chars=10, min_distinct=5):
        self.min_chars = min_chars
        self.min_distinct = min_distinct

    def validate(self, password, user=None):
        visible = re.sub(r"\s", "", password)
        if len(visible) < self.min_chars:
            raise ValidationError(
                _("密码中除空格外至少要有 %(n)s 个字符。") % {"n": self.min_chars}, code="password_too_many_spaces"
            )
        if len(set(visible.lower())) < self.min_distinct:
            raise ValidationError(
                _("密码至少要包含 %(n)s 个不同的字符,不能由少数字符重复组成。") % {"n": self.min_distinct},
                code="password_too_repetitive",
            )

    def get_help_text(self):
        return _("密码中除空格外至少要有 %(chars)s 个字符,其中至少 %(distinct)s 个不同的字符。") % {
            "chars": self.min_chars,
            "distinct": self.min_distinct,
        }
