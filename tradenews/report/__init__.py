"""The HTML report and static plots: corpus records -> chart tables -> Vega-Lite -> HTML/PNG/SVG.

The report reads record rows (what `tradenews.records` produces), never spaCy Docs:

* :mod:`tradenews.report.corpus` collects the per-document rows of a run;
* :mod:`tradenews.report.views` turns them into one table per chart (pandas);
* :mod:`tradenews.report.charts` describes each chart in Vega-Lite (through Altair);
* :mod:`tradenews.report.page` writes the self-contained HTML page;
* :mod:`tradenews.report.plots` renders a chart to PNG, SVG or PDF without a browser.
"""
