"""The scoring engine: pure Python, no Django import.

Contract used by the Django rooms (schemes, campaigns) — see docs/scheme-format.md and docs/inputs-format.md:

    from lvzhi.scoring import load_scheme, score_unit, score_units, SchemeError

    scheme = load_scheme(definition)          # dict in the documented format; raises SchemeError listing every
                                              # problem, each naming the indicator code
    result = score_unit(scheme, inputs, category=None)   # one unit's raw inputs -> explained result tree
    result.total, result.grade, result.to_dict()          # to_dict() is JSON-ready and deterministic
    batch = score_units(scheme, units)        # {unit_key: UnitInputs} -> totals, grades, ranks within category,
                                              # quotas (e.g. advanced units at most 30%)
"""
