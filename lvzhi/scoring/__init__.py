"""The scoring engine: pure Python, no Django import.

Contract used by the Django rooms (schemes, campaigns) — see docs/scheme-format.md, docs/inputs-format.md and
docs/scoring.md:

    from lvzhi.scoring import load_scheme, score_unit, score_units, SchemeError

    scheme = load_scheme(definition)          # dict in the documented format; raises SchemeError listing every
                                              # problem, each naming the indicator code
    result = score_unit(scheme, inputs, category=None)   # one unit's raw inputs -> explained result tree
    result.total, result.grade, result.to_dict()          # to_dict() is JSON-ready and deterministic
    batch = score_units(scheme, units)        # {unit_key: UnitInputs} -> totals, grades, ranks within category,
                                              # quotas (e.g. advanced units at most 30%)
    diff(parent, child), resolve(child, parent)           # template inheritance
    read_scheme_file(path), write_scheme_file(definition, path), read_inputs_file(path)   # .yaml .yml .json .xlsx
"""

from .batch import BatchResult, UnitSummary, score_units
from .diffs import Change, SchemeDiff, diff
from .engine import UnitInputs, UnitResult, score_unit
from .errors import InputsError, Issue, SchemeError, ScoringError
from .files import read_scheme_file, write_scheme_file
from .inherit import resolve
from .inputfiles import read_inputs_file, write_inputs_file
from .loader import load_scheme
from .model import Scheme

__all__ = [
    "BatchResult",
    "Change",
    "InputsError",
    "Issue",
    "Scheme",
    "SchemeDiff",
    "SchemeError",
    "ScoringError",
    "UnitInputs",
    "UnitResult",
    "UnitSummary",
    "diff",
    "load_scheme",
    "read_inputs_file",
    "read_scheme_file",
    "resolve",
    "score_unit",
    "score_units",
    "write_inputs_file",
    "write_scheme_file",
]
