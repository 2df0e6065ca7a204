"""The 流程图 file written with the registry's writer (lvzhi.registry.io.exporters.write_xlsx): the import's
columns (formats.WORKFLOWS), one row per step, so an export can be edited and imported back."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.duties.models import PowerItem
from lvzhi.registry.io.exporters import write_xlsx

from .formats import SIGN_OFFS, SUBJECTS, TIME_UNITS, WORKFLOWS
from .models import Workflow
from .selectors import current_version, open_version, step_tree

SUBJECT_LABEL, UNIT_LABEL, SIGN_OFF_LABEL = dict(SUBJECTS), dict(TIME_UNITS), dict(SIGN_OFFS)


def rows(workflows: QuerySet[Workflow], latest: bool = False) -> Iterator[list[Any]]:
    """The version in force of each workflow (or, with `latest`, the draft being worked on where there is one)."""
    power_codes = dict(PowerItem.objects.current().values_list("key", "code"))
    for w in workflows.select_related("unit", "internal_body", "task").order_by("unit__code", "code"):
        version = (open_version(w) if latest else None) or current_version(w)
        if version is None:
            continue
        head = [
            w.unit.code,
            w.code,
            w.name,
            SUBJECT_LABEL.get(w.subject_kind, ""),
            power_codes.get(w.power_item_key, "") if w.power_item_key else "",
            w.task.text if w.task else "",
            w.internal_body.code if w.internal_body else "",
        ]
        for node in step_tree(version):
            for item, sub in [(node, None), *((c, j) for j, c in enumerate(node.children, start=1))]:
                s = item.step
                yield [
                    *head,
                    int(node.number),
                    sub,
                    s.name,
                    s.post.code if s.post else "",
                    s.responsible,
                    s.time_limit,
                    UNIT_LABEL.get(s.time_unit, "") if s.time_limit else "",
                    s.limit_basis,
                    ";".join(s.material_list),
                    SIGN_OFF_LABEL.get(s.sign_off, ""),
                    s.description,
                    version.reason,
                ]


def export(workflows: QuerySet[Workflow], latest: bool = False) -> tuple[IO[bytes], str]:
    """An open .xlsx file of the workflows, and its file name."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        write_xlsx(WORKFLOWS, rows(workflows, latest), path)
        handle.write(path.read_bytes())
    handle.seek(0)
    return handle, f"{_('流程图')}_{timezone.localdate().isoformat()}.xlsx"
