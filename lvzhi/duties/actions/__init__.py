"""Every write of the duties room: one transaction, keyword `actor`, the duties table enforced first
(POLICY.require), the audit inside (the models are AuditedModel; business steps record events)."""

from .catalogue import save_catalogue_item
from .common import ListsConflict
from .decomposition import delete_body_duty, delete_task, save_body_duty, save_task
from .lists import Change, add_item, cancel_item, change_item, delegate_power, localise, publish, take_back
from .notices import claim, issue_notice, remind_unclaimed
from .overlaps import confirm_overlap, dismiss_overlap, scan_overlaps, settle_overlap

__all__ = [
    "Change",
    "ListsConflict",
    "add_item",
    "cancel_item",
    "change_item",
    "claim",
    "confirm_overlap",
    "delegate_power",
    "delete_body_duty",
    "delete_task",
    "dismiss_overlap",
    "issue_notice",
    "localise",
    "publish",
    "remind_unclaimed",
    "save_body_duty",
    "save_catalogue_item",
    "save_task",
    "scan_overlaps",
    "settle_overlap",
    "take_back",
]
