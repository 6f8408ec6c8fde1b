{#- The shared classifier workload (shared/classification/workload.py), in this kind's words. -#}
{%- set noun, plural, route, route_note, sample_note = "customer", "customers", "/predict", "", "" -%}
{%- set record, schema_imports = "CustomerRecord", "TARGET_COLUMN, CustomerRecord" -%}
{%- set generator = "generate_customers" -%}
{%- set sample = "generate_customers(rows, seed=2025).drop(columns=[TARGET_COLUMN])" -%}
{% include "shared/classification/workload.py" %}