"""Input validation for the community pages. Services re-check everything; forms only
shape input and give clear messages next to the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import ExpertiseTag, Nation, Organisation, Profession
from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.bilingual import welsh_version_field
from practice_commons.core.text import NameField

from .default_rules import MAX_RULE_DESCRIPTION, MAX_RULE_TITLE
from .models import JoiningPolicy, Role, Visibility
from .services import MAX_MUTE_DAYS


def split_names(raw: str) -> list[str]:
    return [n.strip() for n in (raw or "").split(",") if n.strip()]


class CommunityForm(GuardedFormMixin, forms.Form):
    guarded_fields = (
        "name",
        "purpose",
        "name_cy",
        "purpose_cy",
        "domain_statement",
        "practice_statement",
        "areas",
        "meeting_rhythm",
        "topics_text",
    )
    guard_field_map = {"topics": "topics_text"}  # noqa: RUF012

    name = NameField(label=_("Name"), max_length=120)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=280,
        help_text=_("One or two sentences: why the community exists. 280 characters or fewer."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    name_cy = welsh_version_field(
        _("Name in Welsh"),
        _("Shown to people reading in Welsh. Leave blank to show the English name."),
        max_length=120,
    )
    purpose_cy = welsh_version_field(
        _("Purpose in Welsh"),
        _("Shown to people reading in Welsh. Leave blank to show the English purpose."),
        max_length=280,
        rows=2,
    )
    domain_statement = forms.CharField(
        label=_("What we care about"),
        max_length=3000,
        help_text=_("The shared area of practice that gives the community its identity."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    practice_statement = forms.CharField(
        label=_("How we work together"),
        max_length=3000,
        required=False,
        help_text=_(
            "The practice you build together: stories, tools, ways of handling recurring problems."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PUBLIC,
    )
    joining_policy = forms.ChoiceField(
        label=_("How people join"),
        choices=JoiningPolicy.choices,
        widget=forms.RadioSelect,
        initial=JoiningPolicy.OPEN,
    )
    host_organisation = forms.ModelChoiceField(
        label=_("Host organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("No host organisation"),
    )
    professions = forms.ModelMultipleChoiceField(
        label=_("Professions it is for"),
        queryset=Profession.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if it is for every profession."),
    )
    nations = forms.MultipleChoiceField(
        label=_("Nations"),
        choices=Nation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if it is for the whole UK."),
    )
    areas = forms.CharField(
        label=_("Areas"),
        max_length=200,
        required=False,
        help_text=_("For example, Yorkshire and the Humber"),
    )
    topics_text = forms.CharField(
        label=_("Topics"),
        max_length=500,
        required=False,
        help_text=_("Separate topics with commas, for example: neglect, kinship care"),
    )
    meeting_rhythm = forms.CharField(
        label=_("Meeting rhythm"),
        max_length=200,
        required=False,
        help_text=_("For example, every second Tuesday, 12:30 to 13:30, online"),
    )
    allow_anonymous_questions = forms.BooleanField(
        label=_("Members may ask questions anonymously"),
        required=False,
        help_text=_(
            "Other members see “a member”. Only the safeguarding lead can reveal "
            "who asked, and only with a recorded reason."
        ),
    )

    def __init__(self, *args, parent=None, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_organisation"].queryset = Organisation.objects.all()
        self.fields["professions"].queryset = Profession.objects.all()
        if parent is not None or (community is not None and community.parent_id):
            parent = parent or community.parent
            strictness = {v: i for i, v in enumerate(Visibility.values)}
            self.fields["visibility"].choices = [
                c for c in Visibility.choices if strictness[c[0]] >= strictness[parent.visibility]
            ]
            self.fields["visibility"].initial = parent.visibility
        if community is not None and not self.is_bound:
            self.initial.update(
                {
                    "name": community.name,
                    "purpose": community.purpose,
                    "name_cy": community.name_cy,
                    "purpose_cy": community.purpose_cy,
                    "domain_statement": community.domain_statement,
                    "practice_statement": community.practice_statement,
                    "visibility": community.visibility,
                    "joining_policy": community.joining_policy,
                    "host_organisation": community.host_organisation_id,
                    "professions": [p.pk for p in community.professions.all()],
                    "nations": community.nations,
                    "areas": community.areas,
                    "topics_text": ", ".join(t.name for t in community.topics.all()),
                    "meeting_rhythm": community.meeting_rhythm,
                    "allow_anonymous_questions": community.allow_anonymous_questions,
                }
            )

    def topic_names(self) -> list[str]:
        return split_names(self.cleaned_data.get("topics_text", ""))

    def clean_topics_text(self):
        names = split_names(self.cleaned_data.get("topics_text", ""))
        if any(len(n) > 80 for n in names):
            raise forms.ValidationError(_("Each topic must be 80 characters or fewer."))
        if len(names) > 20:
            raise forms.ValidationError(_("Choose 20 topics or fewer."))
        return self.cleaned_data["topics_text"]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "purpose": data["purpose"],
            "name_cy": data["name_cy"],
            "purpose_cy": data["purpose_cy"],
            "domain_statement": data["domain_statement"],
            "practice_statement": data["practice_statement"],
            "visibility": data["visibility"],
            "joining_policy": data["joining_policy"],
            "host_organisation": data["host_organisation"],
            "nations": data["nations"],
            "areas": data["areas"],
            "meeting_rhythm": data["meeting_rhythm"],
            "allow_anonymous_questions": data["allow_anonymous_questions"],
        }


class JoinForm(forms.Form):
    accept_rules = forms.BooleanField(
        label=_("I have read the group rules and agree to follow them"),
        error_messages={"required": _("You must accept the group rules to join.")},
    )
    rules_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AcceptRulesForm(forms.Form):
    accept_rules = forms.BooleanField(
        label=_("I have read the updated group rules and agree to follow them"),
        error_messages={"required": _("Tick the box to accept the updated rules.")},
    )
    rules_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RuleForm(forms.Form):
    title = forms.CharField(label=_("Rule"), max_length=MAX_RULE_TITLE, required=False)
    description = forms.CharField(
        label=_("What it means"),
        max_length=MAX_RULE_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("title"):
            self.add_error("title", _("Give this rule a short title."))
        return data


class BaseRulesFormSet(forms.BaseFormSet):
    default_error_messages = {  # noqa: RUF012
        "missing_management_form": _(
            "The rules could not be read. Reload the page and enter them again."
        ),
        "too_many_forms": _("A community can have up to %(num)d group rules."),
        "too_few_forms": _("Add at least %(num)d group rules."),
    }

    def rules(self) -> list[dict[str, str]]:
        return [
            {
                "title": f.cleaned_data.get("title", ""),
                "description": f.cleaned_data.get("description", ""),
            }
            for f in self.forms
            if f.cleaned_data.get("title")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rules():
            raise forms.ValidationError(_("A community needs at least one group rule."))


RulesFormSet = forms.formset_factory(
    RuleForm, formset=BaseRulesFormSet, extra=2, max_num=30, validate_max=True
)


class RulesAcknowledgeForm(GuardedFormMixin, forms.Form):
    """Carries the confidentiality feedback and the "I have checked" box for the rules
    formset (whose texts the service guards as ``rules.<n>.title``/``description``)."""


class InviteForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("message",)

    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter the email address of the person to invite."),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Sent with the invitation."),
    )


class DecideRequestForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reason",)

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose approve or decline.")},
    )
    reason = forms.CharField(
        label=_("Message to the person"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RemoveMemberForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reason",)

    reason = forms.CharField(
        label=_("Reason for removing them"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit trail."),
        error_messages={"required": _("Give a reason. It is recorded in the audit trail.")},
    )


class MuteMemberForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reason",)

    days = forms.IntegerField(
        label=_("Number of days"),
        min_value=1,
        max_value=MAX_MUTE_DAYS,
        error_messages={
            "required": _("Enter the number of days."),
            "min_value": _("Mute for at least 1 day."),
            "max_value": _("Mute for %(limit_value)s days or fewer."),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    reason = forms.CharField(
        label=_("Reason for muting them"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit trail."),
        error_messages={"required": _("Give a reason. It is recorded in the audit trail.")},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)


class CoordinatorTitleForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("coordinator_title",)

    coordinator_title = NameField(
        label=_("Coordinator role"),
        max_length=80,
        required=False,
        help_text=_("For example, events coordinator. Leave empty to remove."),
    )


class SafeguardingLeadForm(forms.Form):
    member = forms.ChoiceField(label=_("Member"))

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Choose a member"))] + [
            (str(m.user_id), m.user.display_name) for m in memberships
        ]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), max_length=100, required=False)
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any profession"),
    )
    nation = forms.ChoiceField(
        label=_("Nation"), required=False, choices=[("", _("Any nation")), *Nation.choices]
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=ExpertiseTag.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any topic"),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        required=False,
        choices=[
            ("", _("Any")),
            (Visibility.PUBLIC, _("Public")),
            (Visibility.MEMBERS_ONLY, _("Members only")),
            (Visibility.PRIVATE, _("Private")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profession"].queryset = Profession.objects.all()
        self.fields["topic"].queryset = ExpertiseTag.objects.filter(
            communities__isnull=False
        ).distinct()
