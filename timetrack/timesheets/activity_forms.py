from django import forms
from django.utils.translation import gettext_lazy as _

from timetrack.core.forms import BootstrapMixin
from timetrack.timesheets.models import ActivityType


class ActivityTypeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ActivityType
        fields = ["code", "name", "kind", "billable", "counts_as_leave", "requires_project", "is_active"]
        help_texts = {
            "code": _("Identifiant stable utilisé par l'API et les exports (lettres, chiffres, tirets)."),
            "billable": _("Le temps passé compte au numérateur du TACE."),
            "counts_as_leave": _("Le temps passé est retiré des heures possibles du TACE."),
            "requires_project": _("La saisie se fait sur un projet auquel le consultant est affecté."),
            "is_active": _("Un type inactif n'est plus proposé à la saisie."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_builtin:
            # The built-in codes belong to the public API, and the CRA rules rely on their project need.
            for name in ("code", "requires_project"):
                self.fields[name].disabled = True
            self.fields["code"].help_text = _("Code prédéfini : il ne peut pas être changé.")
