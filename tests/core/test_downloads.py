"""Downloads are named in Chinese, and sent so that browsers keep the name (RFC 5987 filename*)."""

from urllib.parse import unquote

from lvzhi.core.downloads import content_disposition, file_name


def name_in(header: str) -> str:
    """The file name a browser saves: filename* when present, else filename."""
    for part in header.split(";"):
        part = part.strip()
        if part.startswith("filename*=UTF-8''"):
            return unquote(part.removeprefix("filename*=UTF-8''"))
    return header.split('filename="')[1].split('"')[0]


def test_a_chinese_name_is_sent_as_utf8_with_an_ascii_fallback():
    header = content_disposition("莱阳市2026年度职能运行评估通报.docx")
    assert header.startswith('attachment; filename="2026.docx"; filename*=UTF-8\'\'')
    assert name_in(header) == "莱阳市2026年度职能运行评估通报.docx"


def test_an_ascii_name_is_sent_plainly():
    assert content_disposition("small-v1.yaml") == 'attachment; filename="small-v1.yaml"'


def test_file_names_leave_out_what_file_systems_refuse():
    assert file_name("市发展改革局", "/自评:表", "?", suffix="xlsx") == "市发展改革局_自评_表.xlsx"
    assert file_name("", suffix=".json") == "download.json"
