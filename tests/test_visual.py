"""Right-to-left text in the order and joined forms a PDF sets it in (journeymap/render/visual.py)."""

from __future__ import annotations

import pytest

from journeymap.render.visual import visual


def test_text_without_right_to_left_letters_is_left_as_it_is():
    text = "Straße ≥ 3 × 😀 (done) 日本語"
    assert visual(text) is text


@pytest.mark.parametrize(
    ("logical", "seen"),
    [
        ("חיפוש נעליים", "םיילענ שופיח"),
        ("abc אבג 123 דה.", "abc הד 123 גבא."),  # digits stay left to right; the final stop belongs to the line
        ("א (ב) ג", "ג (ב) א"),  # brackets inside right-to-left text are mirrored
        ("Scripts: עברית · العربية", "Scripts: \ufe94\ufef4\ufe91\ufeae\ufecc\ufedf\ufe8d · תירבע"),
    ],
)
def test_right_to_left_runs_are_put_in_visual_order(logical, seen):
    assert visual(logical) == seen


def test_arabic_letters_take_their_joined_forms_and_lam_alef_is_one_ligature():
    assert visual("بحث") == "\ufe9a\ufea4\ufe91"  # final tha, medial hah, initial beh, from left to right
    assert visual("لا") == "\ufefb"
    assert visual("دار") == "\ufead\ufe8d\ufea9"  # dal and alef join nothing after them: all isolated
    assert visual("باب") == "\ufe8f\ufe8e\ufe91"  # beh joins alef, which joins nothing: isolated beh last


def test_a_form_the_font_lacks_falls_back_to_the_letter_itself():
    assert visual("بحث", drawable=lambda char: char != "\ufea4") == "\ufe9a\u062d\ufe91"
