{#- The shared classifier workload (shared/classification/workload.py), in this kind's words. -#}
{%- set noun, plural, route, route_note, sample_note = "process", "processes", "/predict/failure", "", "" -%}
{%- set record, schema_imports = "MachineReading", "FAILURE_MODES, TARGET_COLUMN, MachineReading" -%}
{%- set generator = "generate_readings" -%}
{%- set sample = "generate_readings(rows, seed=2025).drop(columns=[TARGET_COLUMN, *FAILURE_MODES])" -%}
{% include "shared/classification/workload.py" %}