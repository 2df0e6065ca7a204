"""Shared helpers of the seed-scheme acceptance tests: load a scheme under examples/schemes/ and its inputs."""

from pathlib import Path

from lvzhi.scoring import load_scheme, read_inputs_file, read_scheme_file, score_units

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "schemes"


def seed_scheme(name: str):
    return load_scheme(read_scheme_file(EXAMPLES / f"{name}.yaml"))


def seed_batch(name: str):
    return score_units(seed_scheme(name), read_inputs_file(EXAMPLES / f"{name}.inputs.yaml")["units"])


def find_node(tree: list[dict], code: str) -> dict:
    """The explained-result node with this indicator code, searched depth first; {} when absent."""
    for item in tree:
        if item["code"] == code:
            return item
        found = find_node(item.get("children", []), code) if item.get("children") else None
        if found:
            return found
    return {}
