from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.text import NameField

from .models import Organisation, OrganisationMembership, Profession, User
from .selectors import latest_affiliation_request

NEW_ORGANISATION = "__new__"


def _split_expertise(raw: str) -> list[str]:
    return [n.strip() for n in raw.split(",") if n.strip()]


class ProfileForm(GuardedFormMixin, forms.ModelForm):
    """The profile a person completes after signing up. The organisation is picked from
    the list or added by name and type in the same form. Its free text is checked by the
    confidentiality guard in ``profile_update``; the mixin shows the findings."""

    guarded_fields = ("bio", "pronouns", "area", "expertise_text")
    guard_field_map = {"expertise": "expertise_text"}

    organisation_choice = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        help_text=_("Choose your organisation, or choose “My organisation is not listed”."),
    )
    full_name = NameField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter your full name")},
        help_text=_("Other people see your name beside what you do here, never your email."),
    )
    new_organisation_name = NameField(
        label=_("Name of your organisation"),
        required=False,
        max_length=200,
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("Choose a type"))] + list(Organisation.Kind.choices),
    )
    work_email = forms.EmailField(
        label=_("Work email (optional)"),
        required=False,
        max_length=254,
        help_text=_(
            "Your address at the organisation you chose. If its domain is verified we "
            "email a link there to confirm that you work there; otherwise its admins "
            "confirm it. Until then your organisation shows as pending."
        ),
    )
    expertise_text = forms.CharField(
        label=_("Areas of expertise"),
        required=False,
        max_length=500,
        help_text=_(
            "Separate areas with commas, for example: neglect, domestic abuse, "
            "transitions to adult services"
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = [
            "full_name",
            "pronouns",
            "profession",
            "nation",
            "area",
            "regulator",
            "registration_number",
            "bio",
            "open_to_collaborate",
            "happy_to_network",
            "language",
        ]
        labels = {
            "full_name": _("Full name"),
            "pronouns": _("Pronouns (optional)"),
            "area": _("Area"),
            "bio": _("About you (optional)"),
            "registration_number": _("Registration number (optional)"),
        }
        help_texts = {
            "area": _("For example, Leeds, Powys or Highland"),
            "bio": _(
                "What you do and what you would like to learn. Do not include details "
                "of people you work with."
            ),
            "open_to_collaborate": _("Organisations looking for partners can find you."),
            "happy_to_network": _(
                "You are happy for people to ask you to connect them with "
                "colleagues in other agencies."
            ),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "nation": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["profession"].required = True
        self.fields["nation"].required = True
        self.fields["profession"].error_messages["required"] = _("Choose your profession")
        self.fields["nation"].error_messages["required"] = _("Choose the UK nation you work in")
        self.fields["profession"].queryset = Profession.objects.all()
        self.fields["profession"].empty_label = _("Choose a profession")
        self.fields["nation"].choices = [c for c in self.fields["nation"].choices if c[0]]
        self.fields["organisation_choice"].choices = [
            ("", _("Choose an organisation")),
            *((str(pk), name) for pk, name in Organisation.objects.values_list("pk", "name")),
            (NEW_ORGANISATION, _("My organisation is not listed")),
        ]
        pending = self._pending_request()
        if pending is not None:
            self.initial.setdefault("organisation_choice", str(pending.organisation_id))
            self.initial.setdefault("work_email", pending.work_email)
        elif self.instance.organisation_id:
            self.initial.setdefault("organisation_choice", str(self.instance.organisation_id))
        if self.instance.pk:
            self.initial.setdefault(
                "expertise_text", ", ".join(t.name for t in self.instance.expertise.all())
            )

    def _pending_request(self):
        if not self.instance.pk:
            return None
        latest = latest_affiliation_request(self.instance)
        return latest if latest is not None and latest.is_pending else None

    def clean(self):
        data = super().clean()
        choice = data.get("organisation_choice")
        data["organisation"] = None
        if data.get("work_email") and not choice:
            self.add_error("work_email", _("Choose the organisation this address is at."))
        if choice == NEW_ORGANISATION:
            name = (data.get("new_organisation_name") or "").strip()
            if not name:
                self.add_error("new_organisation_name", _("Enter the name of your organisation."))
            elif Organisation.objects.filter(name__iexact=name).exists():
                self.add_error(
                    "new_organisation_name",
                    _("That organisation is already listed: choose it from the list."),
                )
            if not data.get("new_organisation_kind"):
                self.add_error("new_organisation_kind", _("Choose the type of organisation."))
        elif choice:
            org = Organisation.objects.filter(pk=choice).first() if choice.isdigit() else None
            if org is None:
                self.add_error("organisation_choice", _("Choose an organisation from the list."))
            data["organisation"] = org
        if data.get("regulator") not in (None, "", "none") and not data.get("nation"):
            self.add_error("nation", _("Choose the UK nation you work in."))
        return data

    def expertise_names(self) -> list[str]:
        return _split_expertise(self.cleaned_data.get("expertise_text") or "")

    def clean_expertise_text(self):
        value = self.cleaned_data.get("expertise_text") or ""
        names = _split_expertise(value)
        if len(names) > 20:
            raise forms.ValidationError(_("List no more than 20 areas of expertise."))
        if any(len(n) > 80 for n in names):
            raise forms.ValidationError(_("Each area of expertise must be 80 characters or fewer."))
        return value


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationMembership.Role.choices)
