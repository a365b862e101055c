import logging
import traceback

from lxml import html
from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import safe_eval

_logger = logging.getLogger(__name__)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _render_template_qweb(
        self, template_src, model, res_ids, add_context=None, options=None
    ):
        """Render the rating requests' emails with one compilation.

        Odoo compiles an email's QWeb body again for each record it renders
        (an inline template is never cached), which is most of the time of
        sending a batch of rating requests. Here the body is compiled once
        and run for each request of the batch; the values are those Odoo's
        own rendering gives. Only for ``review.request`` and an unrestricted
        rendering (the sending job's); anything else renders as Odoo does.
        """
        restricted = (
            not self._unrestricted_rendering
            and not self.env.is_admin()
            and not self.env.user.has_group("mail.group_mail_template_editor")
        )
        if (
            model != "review.request"
            or len(res_ids) < 2
            or restricted
            or not template_src
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        variables = self._render_eval_context()
        if add_context:
            variables.update(**add_context)
        qweb = self.env["ir.qweb"].with_context(**(options or {}))
        results = {}
        try:
            element = html.fragment_fromstring(template_src, create_parent="div")
            functions, name = qweb._compile(element)
            for record in self.env[model].browse(res_ids):
                values = dict(variables, object=record)
                rendering = qweb._prepare_environment(values)
                safe_eval.check_values(values)
                result = "".join(functions[name](rendering, values))
                # remove the <div> that wraps the template's nodes
                results[record.id] = Markup(result[5:-6])
        except Exception as error:
            _logger.info("Failed to render template: %s", template_src, exc_info=True)
            raise UserError(
                _(
                    "Failed to render QWeb template: %(template_src)s\n\n"
                    "%(template_traceback)s)",
                    template_src=template_src,
                    template_traceback=traceback.format_exc(),
                )
            ) from error
        return results
