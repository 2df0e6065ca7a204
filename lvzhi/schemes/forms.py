from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scheme

LEVEL_CHOICES = Scheme.Level.choices


class BootstrapMixin:
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


CODE_HELP = _("英文字母、数字、连字符、下划线或点,例如 laiyang-2022。")


class SchemeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("方案代码"), max_length=60, help_text=CODE_HELP)
    name = forms.CharField(label=_("方案名称"), max_length=200)
    level = forms.ChoiceField(label=_("层级"), choices=LEVEL_CHOICES, initial=Scheme.Level.LOCAL)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_code(self):
        from .actions import code_problem

        code = self.cleaned_data["code"].strip()
        if code_problem(code):
            raise forms.ValidationError(code_problem(code))
        if Scheme.objects.filter(code=code).exists():
            raise forms.ValidationError(_("方案代码“%(code)s”已被使用,请换一个。") % {"code": code})
        return code


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("指标体系文件"), help_text=_("支持 .yaml、.yml、.json、.xlsx(格式见《指标体系文件格式》)。"))
    code = forms.CharField(label=_("方案代码"), max_length=60, required=False,
                           help_text=_("留空则使用文件中的方案代码。"))
    name = forms.CharField(label=_("方案名称"), max_length=200, required=False, help_text=_("留空则使用文件中的名称。"))


class ImportDraftForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("指标体系文件"), help_text=_("导入后成为本方案的草稿版本(已有草稿时覆盖其内容)。"))


class TryForm(forms.Form):
    inputs_text = forms.CharField(
        label=_("原始数据"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "font-monospace"}),
        help_text=_("每行一项“编码: 值”,或粘贴导出的原始数据文件内容(多个单位一起试算)。"),
    )
    inputs_file = forms.FileField(label=_("或上传原始数据文件"), required=False,
                                  help_text=_(".yaml、.json 或 .xlsx(格式见《评分原始数据格式》)。"))
    category = forms.CharField(label=_("单位类别"), required=False, max_length=60)
