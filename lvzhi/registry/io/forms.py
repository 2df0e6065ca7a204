from pathlib import Path

from django import forms

from .columns import KIND_CHOICES
from .exporters import FORMATS
from .importers import MODES
from .reader import SUFFIXES


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=KIND_CHOICES)
    file = forms.FileField(
        label="文件",
        help_text="Excel(.xlsx)或 CSV(UTF-8)文件,表头与导入模板一致。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.ods,.csv"}),
    )
    mode = forms.ChoiceField(
        label="导入方式", choices=list(MODES.items()), initial="upsert", widget=forms.RadioSelect
    )
    allow_over_quota = forms.BooleanField(
        label="允许超编", required=False, help_text="勾选后,导入后超出核定编制数或领导职数的数据也可以导入。"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                f"不支持的文件类型“{suffix or '无扩展名'}”,请上传 Excel(.xlsx)或 CSV 文件。"
            )
        if upload.size == 0:
            raise forms.ValidationError("文件是空的。")
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(label="格式", choices=[(k, k.upper()) for k in FORMATS], initial="xlsx")
