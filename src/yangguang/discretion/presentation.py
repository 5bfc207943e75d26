"""A benchmark's content in words, for the guide panel and the legal office's pages."""

from . import domain


def content_view(content: domain.Content) -> dict:
    """Violations with their basis and tiers, and the circumstances, as display text."""
    return {
        "strategy": content.strategy.label,
        "circumstances": [
            {"code": c.code, "name": c.name, "effect": c.effect, "effect_label": domain.EFFECT_LABELS[c.effect],
             "mandatory": c.mandatory, "basis": c.basis}
            for c in content.circumstances.values()
        ],
        "violations": [
            {
                "code": v.code, "name": v.name, "description": v.description,
                "violated": v.violated, "punished": v.punished, "statutory": v.statutory.text(),
                "tiers": [{"level": t.level, "label": t.label, "conditions": t.condition_text(),
                           "description": t.description, "standard": t.standard.text()} for t in v.tiers],
            }
            for v in content.violations.values()
        ],
    }
