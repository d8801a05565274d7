import re

from django import forms

from timetrack.core.widgets import FastSelect


def _options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (value, bool(selected), label)
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html
        )
    ]


def test_it_renders_the_same_choices_as_the_django_select():
    choices = [("", "Tous"), ("1", "Dupont & fils"), ("2", "L'Été <SAS>")]
    slow = forms.Select(choices=choices, attrs={"class": "form-select"}).render("client", "2", {"id": "id_c"})
    fast = FastSelect(choices=choices, attrs={"class": "form-select"}).render("client", "2", {"id": "id_c"})
    assert _options(fast) == _options(slow.replace("\n", ""))
    assert _options(fast)[2] == ("2", True, "L&#x27;Été &lt;SAS&gt;")  # escaped, selected
    assert 'name="client"' in fast and 'id="id_c"' in fast and 'class="form-select"' in fast


def test_nothing_chosen_selects_the_empty_choice_like_django():
    choices = [("", "Tous"), ("1", "A")]
    fast = FastSelect(choices=choices).render("x", None)
    assert _options(fast) == _options(forms.Select(choices=choices).render("x", None).replace("\n", ""))
    assert [selected for _v, selected, _l in _options(fast)] == [True, False]
