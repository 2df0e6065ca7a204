from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .columns import KIND_CHOICES
from .exporters import FORMATS
from .importers import MODES
from .services import UploadRefused, check_upload


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入内容"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=_("文件"),
        help_text=_("Excel(.xlsx)或 CSV(UTF-8)文件,表头与导入模板一致。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.ods,.csv"}),
    )
    mode = forms.ChoiceField(
        label=_("导入方式"), choices=list(MODES.items()), initial="upsert", widget=forms.RadioSelect
    )
    allow_over_quota = forms.BooleanField(
        label=_("允许超编"),
        required=False,
        help_text=_("勾选后,导入后超出核定编制数或领导职数的数据也可以导入。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)
        except UploadRefused as exc:
            raise forms.ValidationError(gettext("%(reason)s。") % {"reason": exc}) from exc
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("格式"), choices=[(k, k.upper()) for k in FORMATS], initial="xlsx")
