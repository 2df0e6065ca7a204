"""The words of the surveys room's files (the third-party results layout and the exports), as data."""

UNIT_CODE = "单位代码"
UNIT_NAME = "单位名称"
GROUP_COLUMN = "评价群体"
HIDDEN = "*"  # a figure withheld: fewer answers than the group's minimum
TOTAL = "合计"
TOTAL_EXCLUDING = "合计(不含答卷不足%(n)s份的单位)"  # a total over the units shown, leaving small ones out
TOTAL_EXCLUDING_ANY = "合计(不含答卷不足最少答卷数的单位)"
NOTE = "说明"  # the first cell of the raw export's note row
RAW_NONE = "本群体答卷%(n)s份,少于最少答卷数%(min)s份,均不列出。"
RAW_LEFT_OUT = (
    "未列出关于答卷不足%(min)s份的单位的答卷%(n)s份:以免据以认出答卷人或得出该单位不显示的结果;"
    "这些答卷也不计入任何合计和分布。"
)
RAW_MATRIX_LEFT_OUT = "矩阵题中对答卷不足%(min)s份的单位的评价未列出。"

SUMMARY_SHEET = "满意度汇总"
RAW_SHEET = "原始答卷"
SUMMARY_HEADER = [UNIT_CODE, UNIT_NAME, GROUP_COLUMN, "答卷数", "满意率(%)"]
CAMPAIGN_RAW_HEADER = [GROUP_COLUMN, "答卷编号", "提交日期", "评价单位", "题目", "答案"]
