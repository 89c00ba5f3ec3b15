"""Pages quote numbers from card and result files; a missing file or key stops the build with a clear message."""

import json

import pytest

from tfvisual.site.cards import NumberSourceError, fill_numbers


@pytest.fixture
def sources(tmp_path):
    models, results = tmp_path / "models", tmp_path / "results"
    (models / "tiny").mkdir(parents=True)
    (models / "tiny" / "card.json").write_text(
        json.dumps({"metrics": {"accuracy": 0.99123}, "params": 12345, "layers": [{"name": "conv1"}]})
    )
    results.mkdir()
    (results / "bench.json").write_text(json.dumps({"speedup": 2607.4, "weights_bytes": 92160}))
    return {"models_dir": models, "results_dir": results}


def test_placeholders_are_replaced_with_formatted_values(sources):
    markdown = (
        "Accuracy {{ card tiny metrics.accuracy | percent }}, {{ card tiny params | int }} parameters, "
        "first layer {{ card tiny layers.0.name }}; {{result bench speedup|times}} faster, "
        "{{ result bench weights_bytes | kb }}."
    )
    assert fill_numbers(markdown, "page.md", **sources) == (
        "Accuracy 99.12%, 12,345 parameters, first layer conv1; 2,607× faster, 92.2 kB."
    )


def test_text_without_placeholders_is_unchanged(sources):
    markdown = "Code like `{{ x }}` and {{ unknown thing }} is left alone."
    assert fill_numbers(markdown, "page.md", **sources) == markdown


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("{{ card missing metrics.accuracy }}", "needs .*missing/card.json"),
        ("{{ card tiny metrics.recall }}", "no 'metrics.recall'"),
        ("{{ card tiny params | furlongs }}", "unknown format 'furlongs'"),
    ],
)
def test_a_missing_number_names_the_page_and_the_problem(sources, markdown, expected):
    with pytest.raises(NumberSourceError, match=f"cnn/index.md: .*{expected}"):
        fill_numbers(markdown, "cnn/index.md", **sources)


def test_time_and_ratio_formats(sources):
    (sources["results_dir"] / "timing.json").write_text(json.dumps({"eager": 0.0027308, "per_op": 1.2449e-05}))
    markdown = (
        "{{ result timing eager | s_to_ms }}, {{ result timing per_op | s_to_us }}, {{ result bench speedup | ratio }}"
    )
    assert fill_numbers(markdown, "page.md", **sources) == "2.73 ms, 12 µs, 2607.4×"


def test_scientific_format_writes_powers_of_ten_as_a_reader_would(sources):
    (sources["results_dir"] / "gradients.json").write_text(json.dumps({"tiny": 1.5117e-17, "big": 2.5e5, "mid": 0.36}))
    markdown = "{{ result gradients tiny | sci }}, {{ result gradients big | sci }}, {{ result gradients mid | sci }}"
    assert fill_numbers(markdown, "page.md", **sources) == "1.5 × 10⁻¹⁷, 2.5 × 10⁵, 0.36"


def test_bits_keep_three_decimals_and_a_true_minus_sign(sources):
    results = sources["results_dir"]
    (results / "run.json").write_text(json.dumps({"gap": -0.0296, "bits": 2.1, "seconds": 1236.7, "bytes": 10514475}))
    markdown = (
        "{{ result run gap | bits }} {{ result run bits | bits }} {{ result run seconds | minutes }} "
        "{{ result run bytes | mb }}"
    )
    filled = fill_numbers(markdown, "page.md", **sources)
    assert filled == "−0.030 2.100 21 min 10.5 MB"


def test_sizes_use_one_convention_decimal_kilobytes_and_megabytes(sources):
    """1 kB = 1,000 bytes, 1 MB = 1,000 kB: the same convention as browsers' network panels and the demos' loaders,
    so a page never shows a binary "KB" beside a decimal "MB" (871,636 bytes once read "851.2 KB")."""
    results = sources["results_dir"]
    (results / "files.json").write_text(json.dumps({"ngram": 871636, "rnn": 317611, "big": 10514475}))
    markdown = "{{ result files ngram | kb }}, {{ result files rnn | kb }}, {{ result files big | mb }}"
    filled = fill_numbers(markdown, "page.md", **sources)
    assert filled == "871.6 kB, 317.6 kB, 10.5 MB"
    # The same bytes in both units agree: 1,000 kB make 1 MB.
    (results / "files.json").write_text(json.dumps({"million": 1_000_000}))
    markdown = "{{ result files million | kb }} = {{ result files million | mb }}"
    both = fill_numbers(markdown, "page.md", **sources)
    assert both == "1000.0 kB = 1.0 MB"


def test_bits_per_character_also_read_as_the_loss_in_nats_and_as_a_perplexity(sources):
    """bits x ln 2 is the cross-entropy Keras reports (natural log); 2^bits the perplexity."""
    results = sources["results_dir"]
    (results / "score.json").write_text(json.dumps({"one": 1.0, "two": 2.0, "model": 2.1673}))
    markdown = (
        "{{ result score one | nats }} {{ result score two | perplexity }} "
        "{{ result score model | nats }} {{ result score model | perplexity }}"
    )
    filled = fill_numbers(markdown, "page.md", **sources)
    assert filled == "0.693 4.00 1.502 4.49"


def test_decimal2_lines_up_a_column_of_values(sources):
    (sources["results_dir"] / "discounts.json").write_text(json.dumps({"d": [0.5, 1.0, 1.4748]}))
    markdown = " ".join(f"{{{{ result discounts d.{i} | decimal2 }}}}" for i in range(3))
    assert fill_numbers(markdown, "page.md", **sources) == "0.50 1.00 1.47"


def test_a_list_reads_as_a_sentence_lists_it(sources):
    (sources["results_dir"] / "sweep.json").write_text(json.dumps({"k": [1, 4, 8, 16, 24], "one": [3]}))
    markdown = "k = {{ result sweep k | list }}; {{ result sweep one | list }}"
    assert fill_numbers(markdown, "page.md", **sources) == "k = 1, 4, 8, 16 and 24; 3"
