"""The instruments held as data, and their scoring: reverse items, scale means, ProQOL
sums and bands."""

import pytest

from practice_commons.wellbeing.instruments import INSTRUMENTS
from practice_commons.wellbeing.instruments.hse import HSE
from practice_commons.wellbeing.instruments.proqol import PROQOL
from practice_commons.wellbeing.questions import MEASURES


def test_the_hse_tool_has_35_items_on_7_scales_each_item_once():
    assert len(HSE.items) == 35
    assert [i.number for i in HSE.items] == list(range(1, 36))
    scales = {s.key: set(s.items) for s in HSE.scales}
    assert len(scales) == 7
    every = [n for s in HSE.scales for n in s.items]
    assert sorted(every) == list(range(1, 36))
    assert scales["hse_demands"] == {3, 6, 9, 12, 16, 18, 20, 22}
    assert scales["hse_relationships"] == {5, 14, 21, 34}
    reversed_items = {n for s in HSE.scales for n in s.reverse}
    assert reversed_items == {3, 5, 6, 9, 12, 14, 16, 18, 20, 21, 22, 34}


def test_hse_answer_scales_frequency_then_agreement():
    assert HSE.options_for(HSE.items[0])[0] == (1, "Never")
    assert HSE.options_for(HSE.items[22])[-1] == (5, "Always")
    assert HSE.options_for(HSE.items[23])[0] == (1, "Strongly disagree")


def test_hse_scales_are_means_with_demands_and_relationships_reversed():
    always = dict.fromkeys(range(1, 36), 5)  # "always" / "strongly agree" everywhere
    scores = HSE.score(always)
    assert scores["hse_demands"] == 1.0  # always under pressure: the worst demands score
    assert scores["hse_relationships"] == 1.0
    assert scores["hse_control"] == 5.0 and scores["hse_role"] == 5.0
    mixed = dict.fromkeys(range(1, 36), 3)
    mixed[3], mixed[6] = 1, 2  # two demands items: never and seldom -> 5 and 4
    assert HSE.score(mixed)["hse_demands"] == round((5 + 4 + 3 * 6) / 8, 2)


def test_a_missing_item_is_refused():
    with pytest.raises(ValueError, match="unanswered"):
        HSE.score(dict.fromkeys(range(1, 35), 3))


def test_proqol_has_30_items_and_three_subscales_of_ten():
    assert len(PROQOL.items) == 30
    assert [len(s.items) for s in PROQOL.scales] == [10, 10, 10]
    assert sorted(n for s in PROQOL.scales for n in s.items) == list(range(1, 31))
    assert PROQOL.scale("proqol_burnout").reverse == (1, 4, 15, 17, 29)


def test_proqol_sums_with_burnout_reversed_and_bands():
    answers = dict.fromkeys(range(1, 31), 3)
    scores = PROQOL.score(answers)
    assert scores == {"proqol_cs": 30, "proqol_burnout": 30, "proqol_sts": 30}
    answers.update({1: 5, 4: 5, 15: 5, 17: 5, 29: 5})  # the positive burnout items: high
    assert PROQOL.score(answers)["proqol_burnout"] == 30 - 5 * 2
    burnout = PROQOL.scale("proqol_burnout")
    assert PROQOL.band(burnout, 22).label == "low"
    assert PROQOL.band(burnout, 23).label == "moderate"
    assert PROQOL.band(burnout, 41).label == "moderate"
    assert PROQOL.band(burnout, 42).label == "high"
    all_often = PROQOL.score(dict.fromkeys(range(1, 31), 5))
    assert all_often["proqol_cs"] == 50 and all_often["proqol_sts"] == 50


def test_licence_notes_as_required_and_no_endorsement():
    assert "Open Government Licence" in HSE.licence and "does not endorse" in HSE.licence
    assert "Center for Victims of Torture" in PROQOL.licence
    assert "proqol.org" in PROQOL.licence and "not sold" in PROQOL.licence
    assert "no comparison" in HSE.norms and "no comparison" in PROQOL.norms


def test_no_unlicensed_instrument_is_held():
    assert set(INSTRUMENTS) == {"hse", "proqol"}
    text = " ".join(i.name for i in INSTRUMENTS.values()).lower()
    assert "warwick" not in text and "wemwbs" not in text


def test_every_scale_is_a_measure_with_bins():
    for instrument in INSTRUMENTS.values():
        for scale in instrument.scales:
            measure = MEASURES[scale.key]
            assert measure.bin_labels
            assert measure.bin_of(scale.bands[0].low if scale.bands else 1) is not None
    assert MEASURES["proqol_cs"].bin_of(42) == "high"
    assert MEASURES["hse_control"].bin_of(3.4) == "3"
    assert MEASURES["feeling"].bin_of(4.6) == "5 Very well"
