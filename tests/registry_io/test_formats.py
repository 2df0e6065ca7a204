"""The words of the registry files are fixed data (lvzhi.registry.io.formats), not interface text."""

from django.utils.translation import override

from lvzhi.registry.io.columns import KINDS
from lvzhi.registry.io.formats import GENDERS, HEADERS, LEADERSHIP_LEVELS, SHEETS, STAFFING_KINDS, UNIT_KINDS
from lvzhi.registry.models import LeadershipLevel, Person, StaffingKind, UnitKind


def test_every_choice_of_the_models_has_its_file_label_and_the_labels_are_the_models_chinese_ones():
    with override("zh-hans"):
        for fixed, choices in [
            (UNIT_KINDS, UnitKind.choices),
            (STAFFING_KINDS, StaffingKind.choices),
            (LEADERSHIP_LEVELS, LeadershipLevel.choices),
            (GENDERS, Person.Gender.choices),
        ]:
            assert list(fixed) == [(code, str(label)) for code, label in choices]


def test_every_column_and_sheet_takes_its_header_from_the_formats():
    for key, kind in KINDS.items():
        assert kind.sheet == SHEETS[key]
        assert kind.headers == list(HEADERS[key].values())


def test_the_file_words_stay_chinese_whatever_the_interface_language():
    with override("en"):
        assert KINDS["persons"].column("staffing_kind").label_of("administrative") == "行政编制"
        assert KINDS["quotas"].headers[-1] == "内设机构领导副职职数"
