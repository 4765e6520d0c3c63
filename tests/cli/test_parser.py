"""Tests of the argument parser (skmultinet.cli._parser)."""

import pytest

from skmultinet.cli import build_parser
from skmultinet.cli._parser import comma_list
from skmultinet.thresholds._metrics import comparison_scorings
from skmultinet.thresholds.strategies import strategy_names


def test_parser_defaults():
    # compare's documented defaults.
    args = build_parser().parse_args(["compare"])
    assert (args.data, args.cv, args.scoring, args.strategy, args.seed) == (
        None, 5, "f1_micro", "per_label", 0)


def test_every_help_text_reads_as_printed(capsys):
    # argparse %-formats argument help but prints descriptions as written: no "%%" or
    # unfilled "%(...)s" reaches the user.
    parser = build_parser()
    subcommands = next(action for action in parser._actions if action.choices)
    for name, sub in {"": parser, **subcommands.choices}.items():
        text = sub.format_help()
        assert "%%" not in text and "%(" not in text, name
    assert "80% of DATA" in subcommands.choices["fit"].format_help()


def test_choices_and_lists():
    # --strategy and --scoring take their documented choices; comma lists drop blanks.
    parser = build_parser()
    for strategy in strategy_names():
        assert parser.parse_args(["fit", "d.csv", "--strategy", strategy]).strategy == strategy
    assert parser.parse_args(["compare", "--scoring", comparison_scorings()[-1]]).scoring == (
        "hamming_loss")
    with pytest.raises(SystemExit):
        parser.parse_args(["compare", "--strategy", "nope"])
    assert comma_list(" a, b,,c ") == ["a", "b", "c"]
    assert parser.parse_args(["compare", "--losses", "bce,focal"]).losses == ["bce", "focal"]


def test_cv_and_test_exclude_each_other():
    # A test set replaces cross-validation, so both cannot be given.
    with pytest.raises(SystemExit):
        build_parser().parse_args(["compare", "d.csv", "--cv", "3", "--test", "t.csv"])
