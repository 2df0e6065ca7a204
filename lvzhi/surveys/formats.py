"""The words of the surveys room's files (the third-party results layout and the exports), as data."""

UNIT_CODE = "单位代码"
UNIT_NAME = "单位名称"
GROUP_COLUMN = "评价群体"
HIDDEN = "*"  # a figure withheld (fewer answers than the minimum, or one that would give such a figure away)

SUMMARY_SHEET = "满意度汇总"
RAW_SHEET = "原始答卷"
SUMMARY_HEADER = [UNIT_CODE, UNIT_NAME, GROUP_COLUMN, "答卷数", "满意率(%)"]
CAMPAIGN_RAW_HEADER = [GROUP_COLUMN, "答卷编号", "提交日期", "评价单位", "题目", "答案"]
