"""Map tiles rendered from aurora forecasts."""

__all__ = ["render"]


def render(kp: float) -> str:
    """Return the name of the tile layer for a Kp index."""
    return f"kp-{round(kp)}"
