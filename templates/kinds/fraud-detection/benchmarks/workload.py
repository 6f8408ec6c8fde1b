{#- The shared classifier workload (shared/classification/workload.py), in this kind's words. -#}
{%- set noun, plural, route = "transaction", "transactions", "/predict" -%}
{%- set route_note, sample_note = ", with its top contributions", " (5% fraud-like)" -%}
{%- set record, schema_imports = "TransactionRecord", "TARGET_COLUMN, TransactionRecord" -%}
{%- set generator = "generate_transactions" -%}
{%- set sample = "generate_transactions(rows, seed=2025, fraud_rate=0.05).drop(columns=[TARGET_COLUMN])" -%}
{% include "shared/classification/workload.py" %}