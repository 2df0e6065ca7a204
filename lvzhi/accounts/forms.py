from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lvzhi.core.widgets import UnitPicker, UnitsPicker
from lvzhi.registry.forms import BootstrapMixin
from lvzhi.registry.models import Unit

from .models import Role, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。连续失败多次后账号将被暂时锁定。"),
        "inactive": _("该账号已停用。"),
    }


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("用户名或姓名"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部角色")), *Role.choices])
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("active", _("在用")), ("inactive", _("已停用"))],
    )


class UserForm(BootstrapMixin, forms.ModelForm):
    """An account's identity, role and scope: a unit contact needs its unit; evaluators, leader raters and third
    parties see the units in their scope."""

    scope_units = forms.ModelMultipleChoiceField(
        label=_("负责单位"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=UnitsPicker(),
        help_text=_("评估人员、领导评议人、第三方机构可查看的单位(输入名称或代码搜索后点选)。评估活动另行分配的单位自动加入。"),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "role", "unit", "scope_units", "phone", "email"]
        labels = {"username": _("用户名"), "email": _("电子邮箱")}
        help_texts = {"username": _("登录用,字母、数字和 @ . + - _。"), "unit": _("单位联络员必填。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = UnitPicker()
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)  # also gives the widget its choices
        self.fields["unit"].empty_label = _("(不属于单位)")
        self.fields["full_name"].required = True
        self.fields["username"].error_messages["unique"] = _("该用户名已被使用。")

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.UNIT_CONTACT and not data.get("unit"):
            self.add_error("unit", _("单位联络员必须指定所属单位。"))
        return data


class NewUserForm(UserForm):
    password1 = forms.CharField(
        label=_("初始密码"), widget=forms.PasswordInput(render_value=False), strip=False
    )
    password2 = forms.CharField(
        label=_("再次输入密码"), widget=forms.PasswordInput(render_value=False), strip=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = " ".join(password_validators_help_texts())

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            candidate = User(username=data.get("username", ""), full_name=data.get("full_name", ""))
            try:
                validate_password(p1, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class PasswordResetForm(BootstrapMixin, forms.Form):
    password1 = forms.CharField(label=_("新密码"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password1"].help_text = " ".join(password_validators_help_texts())

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            try:
                validate_password(p1, user=self.user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("令牌名称"), max_length=100, help_text=_("用途,例如“绩效考核办数据对接”。")
    )
    expires_on = forms.DateField(
        label=_("有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空表示长期有效。"),
    )


class UserImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("用户名单(Excel 或 CSV)"))
