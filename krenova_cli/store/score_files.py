"""Score files as plain mappings: at national scale they hold hundreds of thousands of values, so
they are checked without pydantic (`{"round": N, "judge": J, "scores": {entry: {criterion: value}}}`)."""

from __future__ import annotations

from typing import Any, Mapping

from krenova_cli.core.errors import DataError, T, Text
from krenova_cli.core.model import is_id
from krenova_cli.core.score_rules import ValueRule, check_entry_values, fine_whole
from krenova_cli.store.parsing import MAX_ERRORS_PER_FILE, KeyLines

SCORE_KEYS = {"round", "judge", "scores", "version", "comments"}
# version 1 (no key): scores only; version 2: `"comments": {entry: {"comment": TEXT, "criteria": {criterion: TEXT}}}`
VERSION = 2


def comments_problems(data: dict, source: str, lines: "KeyLines", rules: Mapping[str, Any]) -> list[DataError]:
    """The judges' comments of a score file: version 2, each of an entry scored in the file, its criteria
    the round's, its words held to `core.comments.comment_problem`."""
    from krenova_cli.core.comments import comment_problem

    version = data.get("version")
    comments = data.get("comments")
    if version is None and comments is None:
        return []
    if version != VERSION or (comments is not None and not isinstance(comments, dict)):
        return [DataError(source, lines.first("version"), T("version {given!r}: a score file with comments is version {v}",
                                                             given=version, v=VERSION))]
    errors: list[DataError] = []
    scores = data.get("scores") if isinstance(data.get("scores"), dict) else {}
    for entry_id, given in (comments or {}).items():
        where = lines.first(entry_id)
        if entry_id not in scores:
            errors.append(DataError(source, where, Text("{entry!r}: {why}", entry=entry_id, why=T("a comment without a score"))))
            continue
        if not isinstance(given, dict) or set(given) - {"comment", "criteria"} or not isinstance(given.get("criteria", {}), dict):
            errors.append(DataError(source, where, Text("{entry}: {problem}", entry=entry_id,
                                                        problem=T("comments are {{\"comment\": TEXT, \"criteria\": {{criterion: TEXT}}}}"))))
            continue
        texts = ([given["comment"]] if "comment" in given else []) + list(given.get("criteria", {}).values())
        unknown = [c for c in given.get("criteria", {}) if c not in rules]
        if unknown:
            errors.append(DataError(source, where, Text("{entry}: {problem}", entry=entry_id,
                                                        problem=T("a comment on {criterion!r}, not a criterion of the round", criterion=unknown[0]))))
        for text in texts:
            problem = comment_problem(text)
            if problem is not None:
                errors.append(DataError(source, where, Text("{entry}: {problem}", entry=entry_id, problem=problem)))
                break
    return errors


def check_score_file(data: Any, source: str, text: str, round_no: int, judge_id: str,
                     rules: Mapping[str, ValueRule], entries: Mapping[str, Any],
                     whole: tuple[frozenset, int, int] | None = None) -> list[DataError]:
    """Every problem of one judge's score file; `whole` (score_rules.whole_scores of the round's criteria)
    lets the common entry (every criterion, whole numbers in range) pass without the full check."""
    if not isinstance(data, dict):
        return [DataError(source, 1, T("expected an object with round, judge and scores"))]
    errors: list[DataError] = []
    lines = KeyLines(text)
    extra = set(data) - SCORE_KEYS
    if extra:
        errors.append(DataError(source, lines.first(sorted(extra)[0]), T("unknown key {key!r}", key=sorted(extra)[0])))
    if data.get("round") != round_no:
        errors.append(DataError(source, lines.first("round"), T("round is {given!r} but the file is in round {n}'s folder",
                                                                 given=data.get("round"), n=round_no)))
    if data.get("judge") != judge_id:
        errors.append(DataError(source, lines.first("judge"), T("judge is {given!r} but the file is named for {judge}",
                                                                 given=data.get("judge"), judge=judge_id)))
    scores = data.get("scores")
    if not isinstance(scores, dict):
        errors.append(DataError(source, None, T("scores must be an object of entry -> criterion -> value")))
        return errors
    more = 0  # problems past the cap are counted, not located
    for entry_id, values in scores.items():
        if entry_id not in entries:
            why = T("not a valid id") if not is_id(entry_id) else T("unknown entry")
            if len(errors) < MAX_ERRORS_PER_FILE:
                errors.append(DataError(source, lines.first(entry_id), Text("{entry!r}: {why}", entry=entry_id, why=why)))
            else:
                more += 1
            continue
        if whole is not None and fine_whole(values, whole):
            continue
        for p in check_entry_values(values, rules):
            if len(errors) < MAX_ERRORS_PER_FILE:
                errors.append(DataError(source, lines.first(entry_id), Text("{entry}: {problem}", entry=entry_id, problem=p)))
            else:
                more += 1
    if more:
        errors.append(DataError(source, None, T("... and {n} more problems", n=more)))
    errors.extend(comments_problems(data, source, lines, rules))
    return errors


def comments_of(data: Any) -> dict[str, dict]:
    """A loaded score file's comments (entry -> {"comment", "criteria"}), {} for a version-1 file."""
    comments = data.get("comments") if isinstance(data, dict) else None
    return comments if isinstance(comments, dict) else {}


