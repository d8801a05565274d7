"""Form widgets of the layout."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A single select rendered in Python: ``forms.Select`` renders a template per option, which for
    hundreds of options (clients, project managers of a large organisation) costs tens of milliseconds
    per page. Same HTML, choices and attributes."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = (
            "" if value is None else str(value[0] if isinstance(value, (list, tuple)) and value else value)
        )
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if key == chosen else "", label)
                for key, label in ((str(v), label) for v, label in self.choices)
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )
