"""The customer panel's purchase figures, for the bridges that bring them.

A bridge (sales, point of sale) extends
``review.message._customer_purchase_figures(partners, company)``: it reads
its own orders with ``read_purchase_figures`` and adds them to what the
other bridges found with ``merge_purchase_figures``.

Figures are keyed by commercial partner id, in the company's currency::

    {partner_id: {"amount_12m": 120.0, "amount_total": 480.0,
                  "order_count": 7, "last_order_date": datetime(...)}}
"""

from dateutil.relativedelta import relativedelta

from odoo import fields

EMPTY_FIGURES = {
    "amount_12m": 0.0,
    "amount_total": 0.0,
    "order_count": 0,
    "last_order_date": False,
}


def merge_purchase_figures(*all_figures):
    """One figures dictionary from several: amounts and counts are added,
    the last order date is the latest."""
    merged = {}
    for figures in all_figures:
        for partner_id, values in (figures or {}).items():
            into = merged.setdefault(partner_id, dict(EMPTY_FIGURES))
            for key in ("amount_12m", "amount_total", "order_count"):
                into[key] += values.get(key) or 0
            date = values.get("last_order_date")
            if date and (not into["last_order_date"] or date > into["last_order_date"]):
                into["last_order_date"] = date
    return merged


def read_purchase_figures(
    orders,
    domain,
    partners,
    company,
    *,
    partner_field="partner_id",
    date_field="date_order",
    amount_field="amount_total",
    currency_field="currency_id",
):
    """The figures of ``partners`` (commercial partners, and their contacts'
    orders with them) in the orders of ``company`` matching ``domain``, in
    one grouped query whatever the number of partners.

    ``orders``: the orders' model, with the rights the figures are read
    with (the caller checked the reviews they are shown on). Amounts in
    another currency than the company's are converted at today's rate;
    ``currency_field=None``: the orders are in the company's currency.
    """
    if not partners:
        return {}
    groupby = [partner_field] + ([currency_field] if currency_field else [])
    rows = orders._read_group(
        [
            *domain,
            ("company_id", "=", company.id),
            (partner_field, "child_of", partners.ids),
        ],
        groupby,
        [f"{date_field}:array_agg", f"{amount_field}:array_agg"],
    )
    currency = company.currency_id
    today = fields.Date.context_today(orders)
    since = fields.Datetime.now() - relativedelta(months=12)
    rates = {currency: 1.0}
    figures = []
    for row in rows:
        partner, dates, amounts = row[0], row[-2], row[-1]
        order_currency = row[1] if currency_field else currency
        if order_currency not in rates:
            rates[order_currency] = order_currency._get_conversion_rate(
                order_currency, currency, company, today
            )
        rate = rates[order_currency]
        figures.append(
            {
                partner.commercial_partner_id.id: {
                    "amount_12m": sum(
                        (amount or 0.0) * rate
                        for date, amount in zip(dates, amounts, strict=True)
                        if date and date >= since
                    ),
                    "amount_total": sum((amount or 0.0) * rate for amount in amounts),
                    "order_count": len(amounts),
                    "last_order_date": max(filter(None, dates), default=False),
                }
            }
        )
    merged = merge_purchase_figures(*figures)
    for values in merged.values():
        values["amount_12m"] = currency.round(values["amount_12m"])
        values["amount_total"] = currency.round(values["amount_total"])
    return merged
