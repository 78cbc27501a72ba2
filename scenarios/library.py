"""Scenario files: TOML with a title, a description and the parameters in which the scenario
differs from the defaults.

A scenario is named by the stem of a file in this folder (``default``) or by the path of a file
anywhere (``my-town.toml``). Loading validates every key and value and fails with one line that
names the file, the key and the allowed range.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samskaping.scenarios.parameters import SamskapingScenario, ScenarioError, parameter_specs

LIBRARY = Path(__file__).parent
DEFAULT = "default"
MODE_PARAMETERS = {"A": "mode_a", "B": "mode_b", "C": "mode_c", "D": "mode_d"}
#: a scenario file's texts, and the languages they may be translated into (a table each)
TEXTS = ("title", "description", "try")
TRANSLATED = ("nb",)


@dataclass(frozen=True)
class ScenarioFile:
    """A scenario file as read: where it is, what it says, and its parameter values."""

    name: str
    path: Path
    title: str
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)
    #: what to try with it, in a class or a study (``try``)
    to_try: str = ""
    #: the title, description and what to try in other languages, by language code
    #: (``[nb]``: bokmål)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def text(self, key: str, language: str = "en") -> str:
        """``title``, ``description`` or ``try`` in ``language`` (English if not translated)."""
        english = {"title": self.title, "description": self.description, "try": self.to_try}
        return self.translations.get(language, {}).get(key) or english[key]

    @property
    def modes(self) -> tuple[str, ...]:
        """The co-creation modes (A-D) this scenario switches on."""
        specs = parameter_specs()
        return tuple(
            mode
            for mode, name in MODE_PARAMETERS.items()
            if self.parameters.get(name, specs[name].default)
        )

    @property
    def regime(self) -> str:
        return self.parameters.get("regime", parameter_specs()["regime"].default)

    def differences(self) -> dict[str, tuple[Any, Any]]:
        """Each parameter this scenario sets to other than its default: (default, value)."""
        specs = parameter_specs()
        return {
            name: (specs[name].default, value)
            for name, value in self.parameters.items()
            if value != specs[name].default
        }

    def scenario(self, rng: Any = None, **overrides: Any) -> SamskapingScenario:
        """A typed scenario from this file's parameters, with ``overrides`` on top."""
        return SamskapingScenario(rng=rng, **(self.parameters | overrides))


#: a classroom population (the browser's, the classroom's): fast to step and to draw
CLASSROOM = 300


def available() -> list[str]:
    """Names of the scenarios that ship with samskaping."""
    return sorted(path.stem for path in LIBRARY.glob("*.toml"))


def resolve(name_or_path: str) -> Path:
    """The file a scenario name or path stands for."""
    candidate = LIBRARY / f"{name_or_path}.toml"
    if candidate.is_file():
        return candidate
    path = Path(name_or_path)
    if path.is_file():
        return path
    raise ScenarioError(
        f"scenario '{name_or_path}': no such scenario or file (shipped: {', '.join(available())})"
    )


def load(name_or_path: str = DEFAULT) -> ScenarioFile:
    """Read and validate a scenario file."""
    path = resolve(name_or_path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # Notepad's BOM too
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{path}: TOML syntax error: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path}: cannot be read ({error})") from None
    known = {"title", "description", "try", "parameters", *TRANSLATED}
    for key in document:
        if key not in known:
            raise ScenarioError(
                f"{path}: unknown key '{key}' (allowed: {', '.join(sorted(known))})"
            )
    parameters = document.get("parameters", {})
    if not isinstance(parameters, dict):
        raise ScenarioError(f"{path}: 'parameters' must be a table ([parameters])")
    specs = parameter_specs()
    checked = {}
    for key, value in parameters.items():
        if key not in specs:
            raise ScenarioError(
                f"{path}: parameters.{key}: unknown parameter (see 'samskaping params')"
            )
        try:
            checked[key] = specs[key].check(value)
        except ScenarioError as error:
            raise ScenarioError(f"{path}: parameters.{error}") from None
    if checked.get("network_file") and not Path(checked["network_file"]).is_absolute():
        # a scenario and its network travel together: read the graph beside the scenario file
        checked["network_file"] = str(path.parent / checked["network_file"])
    for text_key in TEXTS:
        if not isinstance(document.get(text_key, ""), str):
            raise ScenarioError(f"{path}: {text_key}: must be text")
    translations = {}
    for language in TRANSLATED:
        table = document.get(language, {})
        if not isinstance(table, dict):
            raise ScenarioError(f"{path}: '{language}' must be a table ([{language}])")
        for key, value in table.items():
            if key not in TEXTS:
                raise ScenarioError(
                    f"{path}: {language}.{key}: unknown key (allowed: {', '.join(TEXTS)})"
                )
            if not isinstance(value, str):
                raise ScenarioError(f"{path}: {language}.{key}: must be text")
        translations[language] = {key: " ".join(value.split()) for key, value in table.items()}
    return ScenarioFile(
        name=path.stem,
        path=path,
        title=document.get("title", path.stem),
        description=" ".join(document.get("description", "").split()),
        parameters=checked,
        to_try=" ".join(document.get("try", "").split()),
        translations=translations,
    )
