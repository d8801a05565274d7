from django import forms
from django.utils.translation import gettext_lazy as _

from timetrack.core.forms import BootstrapMixin


class ClientDecisionForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Votre nom"), max_length=200)
    comment = forms.CharField(
        label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision = forms.ChoiceField(
        choices=[("approve", _("Approuver")), ("reject", _("Refuser"))], widget=forms.HiddenInput
    )
