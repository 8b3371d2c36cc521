"""Corpus views: who's who, country and topic aggregations, trends."""

from __future__ import annotations

from tradenews import records


def person(doc, name, title, country, date, mentions=1, kind="official"):
    return {
        "doc": doc,
        "name": name,
        "title": title,
        "country": country,
        "organization": "",
        "kind": kind,
        "mentions": mentions,
        "date": date,
    }


def test_officials_summary_merges_spellings_and_documents():
    rows = [
        person("a", "Piyush Goyal", "Commerce Minister", "IND", "2025-07-18", 3),
        person("b", "piyush goyal", "Minister of Commerce and Industry", "IND", "2025-06-01"),
        person("b", "Jamieson Greer", "Trade Representative", "USA", "2025-06-01", 2),
    ]
    summary = records.officials_summary(rows)
    goyal = summary[0]
    assert goyal["name"] == "Piyush Goyal"
    assert goyal["docs"] == 2 and goyal["mentions"] == 4
    assert goyal["titles"].split("; ") == ["Commerce Minister", "Minister of Commerce and Industry"]
    assert (goyal["first_seen"], goyal["last_seen"]) == ("2025-06-01", "2025-07-18")
    assert summary[1]["name"] == "Jamieson Greer"


def test_name_key_folds_accents_dots_and_case():
    assert records.name_key("José  Ángel Gurría") == records.name_key("jose angel gurria")
    assert records.name_key("Donald J. Trump") == "donald j trump"


def test_countries_summary_counts_documents_and_share():
    rows = [
        {"doc": "a", "country": "IND", "name": "India", "mentions": 4, "text": "India"},
        {"doc": "b", "country": "IND", "name": "India", "mentions": 1, "text": "Indian"},
        {"doc": "b", "country": "USA", "name": "United States", "mentions": 2, "text": "U.S."},
    ]
    summary = records.countries_summary(rows, n_docs=4)
    assert summary[0] == {"country": "IND", "name": "India", "docs": 2, "mentions": 5, "share": 0.5}
    assert summary[1]["share"] == 0.25


def test_topics_by_month_shares_count_documents_without_topics():
    topics = [
        {"doc": "a", "topic": "tariffs", "label": "Tariffs & duties"},
        {"doc": "b", "topic": "tariffs", "label": "Tariffs & duties"},
    ]
    months = {"a": "2025-07", "b": "2025-08", "c": "2025-08"}
    rows = records.topics_by_month(topics, months)
    assert [(r["month"], r["docs"], r["month_docs"], r["share"]) for r in rows] == [
        ("2025-07", 1, 1, 1.0),
        ("2025-08", 1, 2, 0.5),
    ]
    wide, columns = records.trend_table(rows)
    assert columns[-2:] == ["2025-07", "2025-08"]
    assert wide[0]["trend"] == "█▅"


def test_sparkline_scales_to_the_maximum():
    assert records.sparkline([0, 0.5, 1]) == "▁▅█"
    assert records.sparkline([0, 0]) == "▁▁"
    assert records.sparkline([]) == ""


def test_country_topic_matrix():
    countries = [
        {"doc": "a", "country": "IND", "name": "India"},
        {"doc": "b", "country": "IND", "name": "India"},
        {"doc": "b", "country": "USA", "name": "United States"},
    ]
    topics = [{"doc": "a", "topic": "tariffs"}, {"doc": "b", "topic": "energy"}]
    rows, columns = records.country_topic_matrix(countries, topics, ["tariffs", "energy", "labor"])
    assert columns == ["country", "name", "docs", "tariffs", "energy"]
    assert rows[0] == {"country": "IND", "name": "India", "docs": 2, "tariffs": 1, "energy": 1}


def test_topics_by_country_long_form():
    countries = [{"doc": "a", "country": "IND", "name": "India"}]
    topics = [{"doc": "a", "topic": "tariffs", "label": "Tariffs & duties"}]
    assert records.topics_by_country(topics, countries) == [
        {
            "topic": "tariffs",
            "label": "Tariffs & duties",
            "country": "IND",
            "name": "India",
            "docs": 1,
        }
    ]


def test_officials_summary_merges_title_case_variants():
    rows = [
        person("a", "Dilma Rousseff", "President", "BRA", "2015-01-01"),
        person("b", "Dilma Rousseff", "president", "BRA", "2015-02-01"),
        person("c", "Dilma Rousseff", "President", "BRA", "2015-03-01"),
        person("c", "Dilma Rousseff", "former Energy Minister", "BRA", "2015-03-01"),
    ]
    assert records.officials_summary(rows)[0]["titles"] == "President; former Energy Minister"
