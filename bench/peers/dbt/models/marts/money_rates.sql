-- money_rates (sql/money/money_rates.sql): the recorded exchange rates with the base currency at 1 since always.
{%- set rates = run_var('exchange_rates') %}
select rate_date::DATE AS rate_date, currency::VARCHAR AS currency, rate::DOUBLE AS rate, minor_digits::INTEGER AS minor_digits
from (
    {%- for r in rates %}
    select DATE '{{ r.rate_date }}' AS rate_date, '{{ r.currency }}' AS currency, {{ r.rate }} AS rate,
           {{ r.minor_digits }} AS minor_digits
    union all
    {%- endfor %}
    select DATE '0001-01-01' AS rate_date, '{{ run_var('money_base') | replace("'", "''") }}' AS currency, 1.0 AS rate,
           {{ run_var('money_base_digits') }} AS minor_digits
)
