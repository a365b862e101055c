"""Replies sent before their entries kept a language: the language their
email was written in, the customer's, else the company's."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE review_conversation_entry entry
           SET lang = COALESCE(customer.lang, company_partner.lang)
          FROM review_message review
          JOIN res_company company ON company.id = review.company_id
          JOIN res_partner company_partner ON company_partner.id = company.partner_id
          LEFT JOIN res_partner customer ON customer.id = review.partner_id
         WHERE entry.review_id = review.id
           AND entry.author_type = 'staff'
           AND entry.lang IS NULL
        """
    )
