"""Form rendering shared by every form: GOV.UK-style groups with label, hint, error and field."""

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
