"""The model catalogue of accountability situations (seed data, like the demo's: the words of one city's rules,
not interface text); loaded by lvzhi.findings.actions.seed_catalogue."""

# A model catalogue on the pattern of one city's rules (36 situations in 4 areas): (area, situation, points,
# lowers the grade). The office changes it or adds its own.
CATALOGUE = [
    ("勤政廉政", "违反中央八项规定精神受到党纪政务处分", "2", True),
    ("勤政廉政", "不作为、慢作为、乱作为被通报", "1", False),
    ("勤政廉政", "超职数、超规格配备领导干部", "1", False),
    ("安全生产", "发生较大及以上安全生产责任事故", "5", True),
    ("安全生产", "安全生产监管职责落实不到位被约谈", "1", False),
    ("绩效审计", "审计发现违规使用编制或借用人员", "1", False),
    ("绩效审计", "审计整改不到位被通报", "1", False),
    ("预算支出", "违规发放津贴补贴", "2", True),
    ("预算支出", "预算执行进度严重滞后被通报", "0.5", False),
]
