"""Reminder rules, loaded from a TOML file (app/reminder/rules.toml or FOI_REMINDER_RULES)."""

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Target = Literal["response", "review", "clarification", "fee", "fee_lapse"]


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z0-9_]+$", max_length=64)
    target: Target
    offset: int = Field(ge=-60, le=60)
    every: bool = False
    audience: Literal["officer", "manager"]
    template: str = Field(pattern=r"^[a-z0-9_]+$")


class RuleSet(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    rules: tuple[Rule, ...]

    def for_target(self, target: Target) -> list[Rule]:
        return [r for r in self.rules if r.target == target]


class RuleFileError(ValueError):
    pass


@lru_cache
def load_rules(path: Path) -> RuleSet:
    try:
        rules = RuleSet.model_validate(tomllib.loads(path.read_text()))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise RuleFileError(f"Reminder rules in {path} are not valid: {exc}") from exc
    codes = [r.code for r in rules.rules]
    if len(codes) != len(set(codes)):
        raise RuleFileError(f"Reminder rules in {path}: a rule code is used twice.")
    return rules


def before_window(rule: Rule, rules: list[Rule]) -> tuple[int, int]:
    """A 'k working days before' rule fires while the working days left are in (next nearer rule, k]."""
    k = -rule.offset
    nearer = [-r.offset for r in rules if not r.every and 0 < -r.offset < k]
    return (max(nearer, default=0), k)
