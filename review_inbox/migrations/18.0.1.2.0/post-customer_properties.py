"""The customer information provided by headquarters belongs to the
customer: each customer gets the values of their newest review that held
some (the company of that review defines them), and the reviews' own column
goes."""

from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not column_exists(cr, "review_message", "customer_properties"):
        return
    cr.execute(
        """
        UPDATE res_partner partner
           SET review_customer_properties = newest.customer_properties,
               review_company_id = COALESCE(
                   partner.review_company_id, newest.company_id
               )
          FROM (
                SELECT DISTINCT ON (partner_id)
                       partner_id, company_id, customer_properties
                  FROM review_message
                 WHERE partner_id IS NOT NULL
                   AND customer_properties IS NOT NULL
                   AND customer_properties::text NOT IN ('{}', 'null')
              ORDER BY partner_id, review_date DESC, id DESC
               ) newest
         WHERE partner.id = newest.partner_id
           AND partner.review_customer_properties IS NULL
        """
    )
    cr.execute(
        """
        UPDATE res_partner partner
           SET review_company_id = newest.company_id
          FROM (
                SELECT DISTINCT ON (partner_id) partner_id, company_id
                  FROM review_message
                 WHERE partner_id IS NOT NULL
              ORDER BY partner_id, review_date DESC, id DESC
               ) newest
         WHERE partner.id = newest.partner_id
           AND partner.review_company_id IS NULL
        """
    )
    cr.execute("ALTER TABLE review_message DROP COLUMN customer_properties")
