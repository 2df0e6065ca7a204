def build_demo(seed: int = 2026, stdout=None):
    """Placeholder until the demo builder lands."""
