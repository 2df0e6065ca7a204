"""The words of the working calendar's files: a year's holidays and make-up working days, one row a day."""

DATE = "日期"
KIND = "类型"
NOTE = "说明"
HEADERS = (DATE, KIND, NOTE)
REQUIRED = (DATE, KIND)
SHEET = "工作日历"
